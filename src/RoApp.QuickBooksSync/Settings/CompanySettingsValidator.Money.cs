namespace RoApp.QuickBooksSync.Settings;

/// <summary>The checks of the money settings: what a deleted payment becomes, and the payment method rows.</summary>
internal sealed partial class CompanySettingsValidator
{
    /// <summary>QuickBooks' longest payment method name.</summary>
    internal const int MaxPaymentMethodNameLength = 31;

    private static void CheckMoneySettings(CompanySettings settings, List<SettingsProblem> problems)
    {
        if (!Enum.IsDefined(settings.DeletedPayments))
        {
            problems.Add(new(nameof(settings.DeletedPayments), $"'{settings.DeletedPayments}' is not a way to remove a payment from QuickBooks.",
                $"Choose {nameof(DeletedPaymentAction.Void)} (keeps it with amount 0, the default) or {nameof(DeletedPaymentAction.Delete)}."));
        }

        var firstRowByMethod = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.PaymentMethodMappings.Count; i++)
        {
            var row = settings.PaymentMethodMappings[i];
            var field = $"{nameof(settings.PaymentMethodMappings)}[{i}]";
            var roApp = row.RoAppMethod?.Trim() ?? string.Empty;
            var quickBooks = row.QuickBooksPaymentMethod?.Trim() ?? string.Empty;
            if (roApp.Length == 0)
            {
                problems.Add(new($"{field}.{nameof(row.RoAppMethod)}", "The RO App payment method is empty.", "Type the RO App payment method (e.g. Cash, Card) or remove the row."));
            }
            else if (firstRowByMethod.TryGetValue(roApp, out var first))
            {
                problems.Add(new($"{field}.{nameof(row.RoAppMethod)}", $"RO App payment method '{roApp}' is mapped in row {first + 1} already.", "Keep one row per RO App payment method."));
            }
            else
            {
                firstRowByMethod[roApp] = i;
            }

            if (quickBooks.Length == 0)
            {
                problems.Add(new($"{field}.{nameof(row.QuickBooksPaymentMethod)}", $"No QuickBooks payment method is given for '{roApp}'.", "Type the QuickBooks payment method name (e.g. Visa); it is created in QuickBooks when missing."));
            }
            else if (quickBooks.Length > MaxPaymentMethodNameLength || quickBooks.Contains(':', StringComparison.Ordinal))
            {
                problems.Add(new($"{field}.{nameof(row.QuickBooksPaymentMethod)}", $"QuickBooks payment method name '{quickBooks}' is not allowed: at most {MaxPaymentMethodNameLength} characters and no colon.", "Shorten the name."));
            }
        }
    }
}
