namespace ExternalEndpointSync.Planning;

public enum ChangeAction
{
    Create,
    Update,
    Delete,
}
