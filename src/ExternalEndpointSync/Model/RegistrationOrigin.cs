namespace ExternalEndpointSync.Model;

/// <summary>Where a registration was declared, for messages and to tell two declarations of one Service apart.</summary>
public abstract record RegistrationOrigin
{
    /// <summary>Nowhere in particular: a registration built in code.</summary>
    public static RegistrationOrigin Unknown { get; } = new UnknownOrigin();

    /// <summary>
    /// The thing that declares the registration (a file, a custom resource): one declarer holds at
    /// most one registration per Service, so (Service, declarer) identifies a registration.
    /// </summary>
    public abstract string Declarer { get; }

    private sealed record UnknownOrigin : RegistrationOrigin
    {
        public override string Declarer => "";

        public override string ToString() => "(unknown origin)";
    }
}

/// <summary>An entry of a configuration file: <c>config.yaml:12 (services[2])</c>.</summary>
public sealed record FileOrigin(string Path, int Line, string Entry) : RegistrationOrigin
{
    public override string Declarer => Path;

    public override string ToString() => $"{Path}:{Line} ({Entry})";
}

/// <summary>An <c>ExternalService</c> custom resource, at the generation that was read.</summary>
public sealed record ResourceOrigin(string Namespace, string Name, string Uid, long Generation) : RegistrationOrigin
{
    public override string Declarer => $"ExternalService {Namespace}/{Name} (uid {Uid})";

    public override string ToString() => $"ExternalService {Namespace}/{Name} (uid {Uid}, generation {Generation})";
}
