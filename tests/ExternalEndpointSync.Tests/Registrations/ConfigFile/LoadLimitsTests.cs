using System.Diagnostics;
using System.Text;
using ExternalEndpointSync.Registrations;
using ExternalEndpointSync.Registrations.ConfigFile;
using Xunit;

namespace ExternalEndpointSync.Tests.Registrations.ConfigFile;

/// <summary>Each bound of <see cref="ConfigLimits"/> refuses its hostile input quickly, naming the limit.</summary>
public sealed class LoadLimitsTests
{
    private const string Service = "services:\n  - name: web\n    ports: [ { port: 80 } ]\n    source: { static: { addresses: [ 192.0.2.1 ] } }\n";

    [Fact]
    public void Twenty_thousand_nested_lists_are_refused_at_the_depth_limit_without_overflowing_the_stack()
    {
        var result = ConfigTestFiles.LoadBody("x: " + new string('[', 20_000) + new string(']', 20_000) + "\n" + Service);

        var error = Assert.Single(result.Errors);
        Assert.Contains("ConfigLimits.MaxNestingDepth", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        var depth = ConfigLimits.MaxNestingDepth - 1;
        var result = ConfigTestFiles.LoadBody("x: " + new string('[', depth) + new string(']', depth) + "\n" + Service);

        Assert.Equal("unknown field \"x\"", Assert.Single(result.Errors).Message[..17]);
    }

    [Fact]
    public void An_alias_bomb_in_defaults_is_refused_at_the_expansion_limit_in_milliseconds()
    {
        var bomb = new StringBuilder("defaults:\n  labels:\n    a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            bomb.Append($"    a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        }

        var stopwatch = Stopwatch.StartNew();
        var result = ConfigTestFiles.LoadBody(bomb + Service);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
        var error = Assert.Single(result.Errors);
        Assert.Contains("ConfigLimits.MaxExpandedNodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_defaults_applied_to_many_services_are_refused_at_the_expansion_limit()
    {
        var defaults = new StringBuilder("defaults:\n  annotations:\n");
        for (var i = 0; i < 2000; i++)
        {
            defaults.Append($"    a{i}: v\n");
        }

        var services = new StringBuilder("services:\n");
        for (var i = 0; i < 300; i++)
        {
            services.Append($"  - {{ name: s{i}, ports: [ {{ port: 80 }} ], source: {{ static: {{ addresses: [ 192.0.2.1 ] }} }} }}\n");
        }

        var result = ConfigTestFiles.LoadBody(defaults.ToString() + services);

        var error = Assert.Single(result.Errors);
        Assert.Equal("services", error.Path);
        Assert.Contains("each of its 300 services", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused_before_parsing()
    {
        var result = ConfigTestFiles.LoadBody(Service + "# " + new string('x', ConfigLimits.MaxDocumentBytes) + "\n");

        Assert.Contains("ConfigLimits.MaxDocumentBytes", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_without_reading_it_whole()
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var stream = File.OpenWrite(path))
            {
                stream.SetLength(50L * 1024 * 1024);
            }

            var result = await ConfigLoader.LoadFileAsync(path, CancellationToken.None);

            var error = Assert.Single(result.Errors);
            Assert.Contains($"larger than {ConfigLimits.MaxDocumentBytes} bytes (ConfigLimits.MaxDocumentBytes, a bound against hostile files", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Errors_beyond_the_limit_are_counted_in_one_line()
    {
        var body = new StringBuilder(Service);
        for (var i = 0; i < 1000; i++)
        {
            body.Append($"unknown{i}: 1\n");
        }

        var result = ConfigTestFiles.LoadBody(body.ToString());

        Assert.Equal(ConfigLimits.MaxReportedDiagnostics, result.Errors.Count);
        Assert.Equal(1000, result.ErrorCount);
        var lines = ConfigDiagnosticFormatter.Format(result);
        Assert.Equal(ConfigLimits.MaxReportedDiagnostics + 1, lines.Count);
        Assert.Equal("test.yaml: … and 900 more errors (only the first 100 are listed, ConfigLimits.MaxReportedDiagnostics)", lines[^1]);
    }

    [Fact]
    public void A_cancelled_load_stops_with_OperationCanceledException()
    {
        var body = new StringBuilder(Service);
        for (var i = 0; i < 5000; i++)
        {
            body.Append($"k{i}: [1, 2, 3]\n");
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ConfigLoader.Load(ConfigTestFiles.Header + body, "test.yaml", cancelled.Token));
    }

    [Fact]
    public async Task A_directory_as_the_configuration_file_says_so()
    {
        var result = await ConfigLoader.LoadFileAsync(Path.GetTempPath(), CancellationToken.None);

        Assert.Contains("it is a directory, not a file", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services:\n\t- name: x\n", 4, 1)]
    [InlineData("services:\n  - name: web\n  \tports: [ { port: 80 } ]\n", 5, 3)]
    [InlineData("a: b\nc:\n  d: e\n\t  f: g\n", 6, 1)]
    public void A_tab_in_the_indentation_is_reported_at_its_own_line_and_column(string body, int line, int column)
    {
        var result = ConfigTestFiles.LoadBody(body);

        var error = Assert.Single(result.Errors);
        Assert.Equal((ConfigPath.Syntax, line, column), (error.Path, error.Line, error.Column));
        Assert.Contains("YAML indents with spaces only", error.Message, StringComparison.Ordinal);
    }
}
