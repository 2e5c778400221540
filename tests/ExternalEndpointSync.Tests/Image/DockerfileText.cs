using System.Text.Json;

namespace ExternalEndpointSync.Tests.Image;

/// <summary>One instruction of a Dockerfile: its keyword (upper case) and the rest of its line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The arguments split on white space (the shell form, without quoting, as our Dockerfile uses it).</summary>
    public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The exec form (<c>["dotnet", "x.dll"]</c>) of ENTRYPOINT and CMD.</summary>
    public IReadOnlyList<string> ExecForm => JsonSerializer.Deserialize<string[]>(Arguments)
        ?? throw new InvalidOperationException($"{Keyword} is not in exec form: {Arguments}");
}

/// <summary>A build stage: its FROM line and the instructions under it.</summary>
public sealed record DockerStage(string From, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction Single(string keyword) => Assert.Single(All(keyword));
}

/// <summary>The repository's Dockerfile read as instructions, so that tests follow it instead of repeating it.</summary>
public sealed record DockerfileText(IReadOnlyList<DockerInstruction> Instructions)
{
    public static DockerfileText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var instructions = new List<DockerInstruction>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? new DockerInstruction(line.ToUpperInvariant(), "")
                : new DockerInstruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        return new DockerfileText(instructions);
    }

    /// <summary>The ARG lines before the first FROM, with their defaults.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments => Instructions
        .TakeWhile(static i => i.Keyword != "FROM")
        .Where(static i => i.Keyword == "ARG")
        .Select(static i => i.Arguments.Split('=', 2))
        .ToDictionary(static a => a[0], static a => a.Length > 1 ? a[1] : "", StringComparer.Ordinal);

    public IReadOnlyList<DockerStage> Stages
    {
        get
        {
            var stages = new List<DockerStage>();
            foreach (var instruction in Instructions.SkipWhile(static i => i.Keyword != "FROM"))
            {
                if (instruction.Keyword == "FROM")
                {
                    var words = instruction.Words;
                    var name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                    stages.Add(new DockerStage(words[0], name, []));
                }
                else
                {
                    var last = stages[^1];
                    stages[^1] = last with { Instructions = [.. last.Instructions, instruction] };
                }
            }

            return stages;
        }
    }
}
