using System.Text.Encodings.Web;
using System.Text.Json;

namespace ExternalEndpointSync.Tests.Schema;

internal static class JsonOptions
{
    /// <summary>Readable output: quotes, apostrophes and non-ASCII text are written as they are.</summary>
    public static JsonSerializerOptions Relaxed { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions Indented { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
}
