namespace Kund.Web.Components.Shared;

/// <summary>What a person confirmed in <see cref="ConfirmDialog"/>: their comment (empty when none) and whether they ticked its acknowledgement.</summary>
public sealed record Confirmation(string Comment, bool Acknowledged);

/// <summary>A fact a confirmation states plainly, and the label of the box that agrees to it.</summary>
public sealed record ConfirmAcknowledgement(string Fact, string Label);
