namespace ExternalEndpointSync.Benchmarks;

/// <summary>
/// One benchmark, run by name (<c>dotnet run -c Release --project tests/ExternalEndpointSync.Benchmarks -- NAME</c>).
/// Implementations are found by reflection: adding a class is all it takes.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the list printed without arguments.</summary>
    string Description { get; }

    Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
