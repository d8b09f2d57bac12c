namespace RoApp.QuickBooksSync.Gateway;

/// <summary>The RO App payment a <see cref="RoAppPaymentRecord"/> became.</summary>
/// <param name="PaymentId">The RO App payment id.</param>
/// <param name="AlreadyRecorded"><see langword="true"/> when the external reference was recorded before and nothing new was recorded.</param>
public sealed record RoAppPaymentRecordResult(string PaymentId, bool AlreadyRecorded);
