namespace RoApp.QuickBooksSync.Sample.DemoRoApp;

/// <summary>The money a shop takes back: a payment deleted from an invoice.</summary>
internal sealed partial class DemoRoApp
{
    /// <summary>Deletes a payment from its invoice (a payment taken by mistake); the host then tells the library.</summary>
    public DemoPayment DeletePayment(string companyId, string paymentId)
    {
        Company(companyId);
        lock (_gate)
        {
            var invoice = _invoices.Values.FirstOrDefault(i => i.Payments.Any(p => p.Id == paymentId))
                ?? throw new KeyNotFoundException($"The demo RO App has no payment '{paymentId}' in company '{companyId}'.");
            var payment = invoice.Payments.First(p => p.Id == paymentId);
            _invoices[invoice.Id] = invoice with { Payments = [.. invoice.Payments.Where(p => p.Id != paymentId)] };
            return payment;
        }
    }
}
