namespace Kund.Infrastructure.Blueprints;

/// <summary>One published version of a blueprint. Never edited: a change is the next version.</summary>
public sealed class BlueprintVersion
{
    public string Name { get; set; } = "";

    public int Version { get; set; }

    public string? Description { get; set; }

    /// <summary>The document as JSON (jsonb): spec, parameters, locked.</summary>
    public string Document { get; set; } = "{}";

    /// <summary>The text as published (YAML or JSON), for people to read.</summary>
    public string Source { get; set; } = "";

    /// <summary>Who published it; <c>system</c> for the folder loaded at start.</summary>
    public string Author { get; set; } = "";

    public DateTimeOffset PublishedAt { get; set; }
}
