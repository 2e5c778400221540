namespace ExternalEndpointSync;

public static class Program
{
    public static Task<int> Main(string[] args) => Task.FromResult(args.Length == 0 ? 2 : 0);
}
