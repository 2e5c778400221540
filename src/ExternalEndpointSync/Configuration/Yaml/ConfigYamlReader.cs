using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ExternalEndpointSync.Configuration.Yaml;

/// <summary>
/// Reads YAML (or JSON) text into <see cref="ConfigNode"/>s with YamlDotNet's parser. Unlike
/// YamlDotNet's representation model it keeps going after a duplicate key, so every duplicate is
/// reported, and it turns every parser failure into a diagnostic with a line.
/// </summary>
public static class ConfigYamlReader
{
    /// <summary>The root node of the single document in <paramref name="text"/>, or null after a syntax error or when it is empty.</summary>
    /// <param name="rootPath">The path of the root node in diagnostics (<see cref="ConfigPath.Root"/> for a file).</param>
    public static ConfigNode? Read(string text, string rootPath, ConfigDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var parser = new Parser(new StringReader(text));
        var state = new ReadState(parser, diagnostics);
        try
        {
            state.Next();
            state.Expect<StreamStart>();
            ConfigNode? root = null;
            var documents = 0;
            while (state.Current is DocumentStart documentStart)
            {
                state.Next();
                var node = state.ReadNode(rootPath);
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

            return root;
        }
        catch (YamlException exception)
        {
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

    private static string Describe(YamlException exception)
    {
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "syntax error";
    }

    private sealed class ReadState(IParser parser, ConfigDiagnostics diagnostics)
    {
        private readonly Dictionary<string, ConfigNode> anchors = new(StringComparer.Ordinal);

        public ParsingEvent? Current { get; private set; }

        public Mark LastMark { get; private set; } = Mark.Empty;

        public void Next()
        {
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

        public ConfigNode ReadNode(string path)
        {
            var current = Current ?? throw new YamlException(LastMark, LastMark, "unexpected end of the document");
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
                    node = ReadSequence(path, line, column);
                    break;
                case MappingStart:
                    Next();
                    node = ReadMapping(path, line, column);
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

        private ConfigSequence ReadSequence(string path, int line, int column)
        {
            var items = new List<ConfigNode>();
            while (Current is not SequenceEnd)
            {
                items.Add(ReadNode(ConfigPath.Index(path, items.Count)));
            }

            Next();
            return new ConfigSequence(items, line, column);
        }

        private ConfigMapping ReadMapping(string path, int line, int column)
        {
            var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
            var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
            while (Current is not MappingEnd)
            {
                var key = ReadNode(path);
                var keyPath = key is ConfigScalar text ? ConfigPath.Key(path, text.Value) : path;
                var value = ReadNode(keyPath);
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
