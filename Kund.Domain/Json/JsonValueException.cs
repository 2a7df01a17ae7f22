using System.Text.Json;

namespace Kund.Domain.Json;

/// <summary>A JSON value of the right kind that Kund does not accept; the message names the value and what is expected.</summary>
public sealed class JsonValueException(string message) : JsonException(message);
