using System.Security.Cryptography;

namespace CourseHub.Core.Learning;

/// <summary>Verification codes of certificates: random, unguessable, easy to read aloud and to type.</summary>
public static class CertificateCode
{
    // No 0/O, 1/I/L, 5/S, 8/B look-alikes: 27 symbols, 16 of them give about 76 bits.
    private const string Alphabet = "ACDEFGHJKMNPQRTUVWXYZ234679";
    private const int Length = 16;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var raw = new string(chars);
        return $"{raw[..4]}-{raw[4..8]}-{raw[8..12]}-{raw[12..]}";
    }

    /// <summary>The stored form of a typed code: upper case, whatever the spacing; null if it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null) return null;
        var raw = new string(typed.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        if (raw.Length != Length || raw.Any(c => !Alphabet.Contains(c))) return null;
        return $"{raw[..4]}-{raw[4..8]}-{raw[8..12]}-{raw[12..]}";
    }
}
