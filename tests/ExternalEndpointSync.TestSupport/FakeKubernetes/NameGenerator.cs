using System.Security.Cryptography;

namespace ExternalEndpointSync.TestSupport.FakeKubernetes;

/// <summary><c>names.SimpleNameGenerator</c>: base cut to 58 characters plus five random characters.</summary>
internal static class NameGenerator
{
    private const int MaxNameLength = 63;
    private const int RandomLength = 5;
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string baseName)
    {
        if (baseName.Length > MaxNameLength - RandomLength)
        {
            baseName = baseName[..(MaxNameLength - RandomLength)];
        }

        var suffix = new char[RandomLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return baseName + new string(suffix);
    }
}
