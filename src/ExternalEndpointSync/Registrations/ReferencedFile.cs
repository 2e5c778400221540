using System.Text;

namespace ExternalEndpointSync.Registrations;

/// <summary>
/// Reads a file the configuration is or names, at most a given size, and says in words why it
/// cannot: "does not exist", "is a directory", "is larger than …", the operating system's reason.
/// </summary>
internal static class ReferencedFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file's text (UTF-8, without a byte order mark), or why it cannot be read.</summary>
    public static async Task<(string? Text, string? Problem)> ReadTextAsync(string path, int maxBytes, string limitName, CancellationToken cancellationToken)
    {
        if (Problem(path, maxBytes, limitName) is { } problem)
        {
            return (null, problem);
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            return length > maxBytes ? (null, TooLarge(maxBytes, limitName)) : (Decode(buffer.AsSpan(0, length)), null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (null, Describe(exception));
        }
    }

    /// <summary>The file's bytes, or why it cannot be read.</summary>
    public static (byte[]? Bytes, string? Problem) ReadBytes(string path, int maxBytes, string limitName)
    {
        if (Problem(path, maxBytes, limitName) is { } problem)
        {
            return (null, problem);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer.AsSpan(length))) > 0)
            {
                length += read;
            }

            return length > maxBytes ? (null, TooLarge(maxBytes, limitName)) : (buffer[..length], null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return (null, Describe(exception));
        }
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var preamble = Utf8.Preamble;
        return Utf8.GetString(bytes.StartsWith(preamble) ? bytes[preamble.Length..] : bytes);
    }

    private static string? Problem(string path, int maxBytes, string limitName)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (Directory.Exists(path))
        {
            return "it is a directory, not a file";
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return "the file does not exist";
        }

        return file.Length > maxBytes ? TooLarge(maxBytes, limitName) : null;
    }

    private static string TooLarge(int maxBytes, string limitName) => $"the file is larger than {maxBytes} bytes ({limitName})";

    private static string Describe(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => exception.Message,
    };
}
