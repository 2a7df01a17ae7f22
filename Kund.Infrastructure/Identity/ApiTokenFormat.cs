using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Kund.Infrastructure.Identity;

/// <summary>
/// <c>kund_pat_</c> followed by 32 random bytes in base64url (256 bits): recognisable by secret scanners,
/// unguessable, and safe in headers and query strings.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "kund_pat_";

    private const int SecretBytes = 32;

    /// <summary>Length of the base64url text of <see cref="SecretBytes"/> bytes, without padding.</summary>
    private const int SecretLength = 43;

    private const int HintLength = 4;

    /// <summary>The prefix (9 characters) and the secret.</summary>
    private const int TokenLength = 9 + SecretLength;

    public static string NewToken() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Whether the text has the shape of a Kund token; cheap, so that junk never reaches the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } &&
        token.StartsWith(Prefix, StringComparison.Ordinal) &&
        Base64Url.IsValid(token.AsSpan(Prefix.Length));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Hint(string token) => token[..(Prefix.Length + HintLength)] + "…";
}
