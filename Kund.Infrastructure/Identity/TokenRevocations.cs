namespace Kund.Infrastructure.Identity;

/// <summary>
/// Tells this node's listeners that a token was revoked, right after the revocation commits, so that what
/// the token opened (hub connections) closes at once. Other nodes notice on their next periodic check.
/// </summary>
public sealed class TokenRevocations
{
    public event Action<Guid>? Revoked;

    public void Publish(Guid tokenId) => Revoked?.Invoke(tokenId);
}
