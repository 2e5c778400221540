using ExternalEndpointSync.Benchmarks;

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(static type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(IBenchmark)))
    .Select(static type => (IBenchmark)Activator.CreateInstance(type)!)
    .OrderBy(static benchmark => benchmark.Name, StringComparer.Ordinal)
    .ToList();

var chosen = args.Length == 1 ? benchmarks.Find(benchmark => benchmark.Name == args[0]) : null;
if (chosen is null)
{
    await Console.Error.WriteLineAsync("usage: ExternalEndpointSync.Benchmarks NAME");
    foreach (var benchmark in benchmarks)
    {
        await Console.Error.WriteLineAsync($"  {benchmark.Name,-12} {benchmark.Description}");
    }

    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
await chosen.RunAsync(Console.Out, cancellation.Token);
return 0;
