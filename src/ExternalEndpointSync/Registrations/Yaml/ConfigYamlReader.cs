using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ExternalEndpointSync.Registrations.Yaml;

/// <summary>
/// Reads YAML (or JSON) text into <see cref="ConfigNode"/>s with YamlDotNet's parser. Unlike
/// YamlDotNet's representation model it keeps going after a duplicate key, so every duplicate is
/// reported, and it turns every parser failure into a diagnostic with a line. It refuses documents
/// nested deeper than <see cref="ConfigLimits.MaxNestingDepth"/> or whose aliases expand to more
/// than <see cref="ConfigLimits.MaxExpandedNodes"/> nodes, and stops when cancelled.
/// </summary>
public static class ConfigYamlReader
{
    /// <summary>The root node of the single document in <paramref name="text"/>, or null after a syntax error or when it is empty.</summary>
    /// <param name="rootPath">The path of the root node in diagnostics (<see cref="ConfigPath.Root"/> for a file).</param>
    public static ConfigNode? Read(string text, string rootPath, ConfigDiagnostics diagnostics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (text.Length > ConfigLimits.MaxDocumentBytes)
        {
            diagnostics.Error(rootPath, null,
                $"the document has {text.Length} characters, more than the limit of {ConfigLimits.MaxDocumentBytes} (ConfigLimits.MaxDocumentBytes, {ConfigLimits.SizeLimitAdvice})");
            return null;
        }

        var parser = new Parser(new StringReader(text));
        var state = new ReadState(parser, diagnostics, cancellationToken);
        try
        {
            state.Next();
            state.Expect<StreamStart>();
            ConfigNode? root = null;
            var documents = 0;
            while (state.Current is DocumentStart documentStart)
            {
                state.Next();
                var node = state.ReadNode(rootPath, 1);
                state.Expect<DocumentEnd>();
                documents++;
                if (documents == 1)
                {
                    root = node;
                }
                else
                {
                    diagnostics.Error(ConfigPath.Syntax, (int)documentStart.Start.Line, (int)documentStart.Start.Column,
                        "only one YAML document is allowed; remove the second '---' section");
                }
            }

            if (root is { ExpandedSize: > ConfigLimits.MaxExpandedNodes })
            {
                diagnostics.Error(rootPath, root.Line, root.Column,
                    $"with its aliases expanded the document has more than {ConfigLimits.MaxExpandedNodes} nodes (ConfigLimits.MaxExpandedNodes, {ConfigLimits.SizeLimitAdvice}); use fewer aliases");
                return null;
            }

            return root;
        }
        catch (NestingTooDeepException exception)
        {
            diagnostics.Error(exception.Path, (int)exception.Mark.Line, (int)exception.Mark.Column,
                $"mappings and lists are nested more than {ConfigLimits.MaxNestingDepth} levels deep (ConfigLimits.MaxNestingDepth)");
            return null;
        }
        catch (YamlException exception)
        {
            if (Describe(exception).Contains("tab", StringComparison.Ordinal) && IndentingTab(text, (int)exception.Start.Line) is var (line, column))
            {
                diagnostics.Error(ConfigPath.Syntax, line, column, "invalid YAML: a tab in the indentation; YAML indents with spaces only");
                return null;
            }

            diagnostics.Error(ConfigPath.Syntax, (int)exception.Start.Line, (int)exception.Start.Column,
                $"invalid YAML: {Describe(exception)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for input ending inside a flow collection ("[1, 2").
            var mark = state.LastMark;
            diagnostics.Error(ConfigPath.Syntax, (int)mark.Line, (int)mark.Column,
                "invalid YAML: unexpected end of a flow collection; check for a missing ']' or '}' after this point");
            return null;
        }
    }

    /// <summary>
    /// The first tab in a line's indentation from <paramref name="fromLine"/> on: YamlDotNet reports
    /// a tab at the start of the enclosing scalar or mapping, often lines earlier (even 1:1).
    /// </summary>
    private static (int Line, int Column)? IndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var index = Math.Max(fromLine - 1, 0); index < lines.Length; index++)
        {
            var indentation = lines[index].Length - lines[index].TrimStart(' ', '\t', '-').Length;
            var tab = lines[index].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indentation)
            {
                return (index + 1, tab + 1);
            }
        }

        return null;
    }

    private static string Describe(YamlException exception)
    {
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "syntax error";
    }

    private sealed class NestingTooDeepException(string path, Mark mark) : Exception
    {
        public string Path { get; } = path;

        public Mark Mark { get; } = mark;
    }

    private sealed class ReadState(IParser parser, ConfigDiagnostics diagnostics, CancellationToken cancellationToken)
    {
        private const int EventsBetweenCancellationChecks = 1024;
        private readonly Dictionary<string, ConfigNode> anchors = new(StringComparer.Ordinal);
        private int events;

        public ParsingEvent? Current { get; private set; }

        public Mark LastMark { get; private set; } = Mark.Empty;

        public void Next()
        {
            if (++events % EventsBetweenCancellationChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Current = parser.MoveNext() ? parser.Current : null;
            if (Current is not null)
            {
                LastMark = Current.Start;
            }
        }

        public void Expect<T>()
            where T : ParsingEvent
        {
            if (Current is not T)
            {
                throw new YamlException(LastMark, LastMark, $"expected {typeof(T).Name}, found {Current?.GetType().Name ?? "the end"}");
            }

            Next();
        }

        public ConfigNode ReadNode(string path, int depth)
        {
            var current = Current ?? throw new YamlException(LastMark, LastMark, "unexpected end of the document");
            if (depth > ConfigLimits.MaxNestingDepth && current is SequenceStart or MappingStart)
            {
                throw new NestingTooDeepException(path, current.Start);
            }

            var line = (int)current.Start.Line;
            var column = (int)current.Start.Column;
            ConfigNode node;
            switch (current)
            {
                case AnchorAlias alias:
                    Next();
                    if (anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        return target;
                    }

                    diagnostics.Error(path, line, column, $"alias *{alias.Value.Value} refers to no anchor defined before it");
                    return new ConfigScalar("", true, line, column);
                case Scalar scalar:
                    Next();
                    node = new ConfigScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty, line, column);
                    break;
                case SequenceStart:
                    Next();
                    node = ReadSequence(path, line, column, depth);
                    break;
                case MappingStart:
                    Next();
                    node = ReadMapping(path, line, column, depth);
                    break;
                default:
                    throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
            }

            if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            {
                anchors[anchored.Anchor.Value] = node;
            }

            return node;
        }

        private ConfigSequence ReadSequence(string path, int line, int column, int depth)
        {
            var items = new List<ConfigNode>();
            while (Current is not SequenceEnd)
            {
                items.Add(ReadNode(ConfigPath.Index(path, items.Count), depth + 1));
            }

            Next();
            return new ConfigSequence(items, line, column);
        }

        private ConfigMapping ReadMapping(string path, int line, int column, int depth)
        {
            var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
            var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
            while (Current is not MappingEnd)
            {
                var key = ReadNode(path, depth + 1);
                var keyPath = key is ConfigScalar text ? ConfigPath.Key(path, text.Value) : path;
                var value = ReadNode(keyPath, depth + 1);
                if (key is not ConfigScalar scalarKey)
                {
                    diagnostics.Error(path, key, $"a key must be a plain string, not {key.Describe()}");
                }
                else if (firstLines.TryGetValue(scalarKey.Value, out var firstLine))
                {
                    diagnostics.Error(keyPath, scalarKey, $"duplicate key \"{scalarKey.Value}\" (first defined at line {firstLine})");
                }
                else
                {
                    firstLines.Add(scalarKey.Value, scalarKey.Line);
                    entries.Add(new(scalarKey, value));
                }
            }

            Next();
            return new ConfigMapping(entries, line, column);
        }
    }
}
