using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>
/// Invoice rules: required fields, document numbers, line amounts, tax, totals and balance.
/// Rounding: a line amount is Qty × UnitPrice rounded half away from zero to cents; tax is computed per
/// tax rate on the sum of the taxable line amounts of that rate and rounded the same way (never per unit).
/// </summary>
internal static class InvoiceRules
{
    private const string SubTotal = "SubTotalLineDetail";

    public static void Prepare(RealmState realm, JsonObject invoice, JsonObject? existing, JsonObject body)
    {
        var id = Json.String(invoice, "Id")!;
        if (realm.VoidedInvoices.Contains(id))
        {
            throw QuickBooksFault.Business($"Invoice {id} is voided; a voided transaction cannot be edited.");
        }

        var customerId = Json.RefValue(invoice["CustomerRef"]) ?? throw QuickBooksFault.Required("CustomerRef");
        var customer = realm.Require(EntityNames.Customer, customerId, "CustomerRef");
        invoice["CustomerRef"] = Json.Ref(customerId, Json.String(customer, "DisplayName"));

        AssignDocNumber(realm, invoice, existing);
        invoice["TxnDate"] ??= realm.Today;
        invoice["DueDate"] ??= Json.String(invoice, "TxnDate");
        CheckLength(invoice, "PrivateNote", 4000);
        invoice["CurrencyRef"] ??= Json.Ref(HomeCurrency(realm.Facts), HomeCurrency(realm.Facts));

        RememberTaxIntent(realm, id, existing, body);
        Compute(realm, invoice);
    }

    /// <summary>Recomputes lines, tax, totals, balance and the subtotal line from the invoice's own lines.</summary>
    public static void Compute(RealmState realm, JsonObject invoice)
    {
        var id = Json.String(invoice, "Id")!;
        var facts = realm.Facts;
        var mode = facts.IsUnitedStates ? null : Json.String(invoice, "GlobalTaxCalculation");
        if (!facts.IsUnitedStates)
        {
            if (mode is null)
            {
                throw QuickBooksFault.Business("GlobalTaxCalculation is required for companies outside the US (TaxExcluded, TaxInclusive or NotApplicable).", "GlobalTaxCalculation");
            }

            if (mode is not ("TaxExcluded" or "TaxInclusive" or "NotApplicable"))
            {
                throw QuickBooksFault.Invalid($"GlobalTaxCalculation '{mode}' is not one of TaxExcluded, TaxInclusive, NotApplicable.", "GlobalTaxCalculation");
            }
        }

        var lines = new List<JsonObject>();
        var usedLineIds = new HashSet<string>(StringComparer.Ordinal);
        var maxLineId = realm.LineIdHighWater.GetValueOrDefault(id);
        if (invoice["Line"] is JsonArray input)
        {
            foreach (var node in input)
            {
                if (node is JsonObject line && Json.String(line, "DetailType") != SubTotal)
                {
                    lines.Add(Json.Clone(line));
                    if (long.TryParse(Json.String(line, "Id"), out var lid))
                    {
                        maxLineId = Math.Max(maxLineId, lid);
                    }
                }
            }
        }

        if (lines.Count == 0)
        {
            throw QuickBooksFault.Required("Line");
        }

        var subtotal = 0m;
        var netByCode = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var grossByCode = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var taxableUs = 0m;
        var lineNum = 0;
        JsonObject? discountLine = null;
        foreach (var line in lines)
        {
            lineNum++;
            var lineId = Json.String(line, "Id");
            if (lineId is null || !usedLineIds.Add(lineId))
            {
                lineId = (++maxLineId).ToString(System.Globalization.CultureInfo.InvariantCulture);
                usedLineIds.Add(lineId);
            }

            line["Id"] = lineId;
            line["LineNum"] = lineNum;
            if (long.TryParse(lineId, out var assigned))
            {
                maxLineId = Math.Max(maxLineId, assigned);
            }

            var detailType = Json.String(line, "DetailType") ?? throw QuickBooksFault.Required("Line.DetailType");
            switch (detailType)
            {
                case "SalesItemLineDetail":
                    var (amount, counted, code, gross) = SalesLine(realm, line, mode);
                    if (!counted)
                    {
                        break;
                    }

                    subtotal += amount;
                    if (code is not null && gross is not null)
                    {
                        grossByCode[code] = grossByCode.GetValueOrDefault(code) + gross.Value;
                    }

                    if (facts.IsUnitedStates)
                    {
                        if (code == "TAX")
                        {
                            taxableUs += amount;
                        }
                    }
                    else if (code is not null)
                    {
                        netByCode[code] = netByCode.GetValueOrDefault(code) + amount;
                    }

                    break;
                case "DescriptionOnly":
                    break;
                case DiscountRules.DetailType:
                    discountLine = discountLine is null ? line : throw QuickBooksFault.Business("A transaction takes one discount line (DiscountLineDetail); combine the discounts into one.", "Line.DiscountLineDetail");
                    break;
                default:
                    throw QuickBooksFault.Invalid($"Line DetailType '{detailType}' is not supported by the simulator (use SalesItemLineDetail, DiscountLineDetail or DescriptionOnly).", "Line.DetailType");
            }
        }

        // Tax-inclusive: the discount is taken off the amounts the customer sees, tax included.
        var inclusive = mode == "TaxInclusive";
        var discountBase = inclusive ? grossByCode.Values.Sum() : subtotal;
        var discount = discountLine is null ? 0m : DiscountRules.Amount(discountLine, discountBase);
        var detail = invoice["TxnTaxDetail"] as JsonObject ?? Json.Object();
        var given = Json.Decimal(detail["TotalTax"]);
        var taxLines = Json.Array();
        decimal tax;
        decimal total;
        if (facts.IsUnitedStates)
        {
            string? txnCode;
            decimal rate;
            if (facts.AutomatedSalesTax)
            {
                // Automated Sales Tax replaces whatever code was sent with its own.
                txnCode = facts.AutomatedSalesTaxCodeId;
                rate = facts.AutomatedSalesTaxRate;
            }
            else
            {
                txnCode = Json.RefValue(detail["TxnTaxCodeRef"]);
                rate = txnCode is null ? 0m : RatesOf(realm, txnCode, "TxnTaxDetail.TxnTaxCodeRef").Sum(r => r.Rate);
            }

            if (discount != 0m && Json.Bool(invoice["ApplyTaxAfterDiscount"]) != false)
            {
                // Tax after the discount: the taxable lines carry their share of it.
                taxableUs -= DiscountRules.Share(discount, taxableUs, subtotal);
            }

            tax = Round(taxableUs * rate / 100m);
            if (txnCode is not null && taxableUs != 0m)
            {
                taxLines.Add(TaxLine(tax, RatesOf(realm, txnCode, "TxnTaxDetail.TxnTaxCodeRef").FirstOrDefault().RateId, rate, taxableUs));
            }

            detail = Json.Object();
            if (txnCode is not null)
            {
                detail["TxnTaxCodeRef"] = Json.Ref(txnCode);
            }

            total = subtotal - discount;
        }
        else
        {
            tax = 0m;
            if (mode == "TaxExcluded")
            {
                // Outside the US tax is always on the discounted amounts: each tax code carries its share.
                foreach (var (code, lineNet) in netByCode)
                {
                    var net = lineNet - DiscountRules.Share(discount, lineNet, subtotal);
                    foreach (var (rateId, rate) in RatesOf(realm, code, "Line.SalesItemLineDetail.TaxCodeRef"))
                    {
                        var part = Round(net * rate / 100m);
                        tax += part;
                        taxLines.Add(TaxLine(part, rateId, rate, net));
                    }
                }

                total = subtotal - discount;
            }
            else if (inclusive)
            {
                // Tax-inclusive: the tax is what the discounted gross of each code holds, so the total is the gross
                // the customer was quoted, to the cent; the code's rates share it, the last taking the rounding.
                var grossTotal = 0m;
                foreach (var (code, lineNet) in netByCode)
                {
                    var rates = RatesOf(realm, code, "Line.SalesItemLineDetail.TaxCodeRef");
                    var codeGross = grossByCode[code];
                    var discounted = codeGross - DiscountRules.Share(discount, codeGross, discountBase);
                    var net = Net(discounted, rates.Sum(r => r.Rate));
                    var codeTax = discounted - net;
                    var left = codeTax;
                    for (var r = 0; r < rates.Count; r++)
                    {
                        var (rateId, rate) = rates[r];
                        var part = r == rates.Count - 1 ? left : Round(net * rate / 100m);
                        left -= part;
                        taxLines.Add(TaxLine(part, rateId, rate, net));
                    }

                    tax += codeTax;
                    grossTotal += codeGross;
                }

                // The tax is added below, like in the other modes.
                total = grossTotal - discount - tax;
            }
            else
            {
                total = subtotal - discount;
            }

            detail = Json.Object();
        }

        // Intuit honours a caller's TotalTax with Automated Sales Tax; elsewhere the codes decide.
        if (facts.AutomatedSalesTax && realm.ExplicitTax.Contains(id) && given is not null)
        {
            tax = given.Value;
        }

        detail["TotalTax"] = Json.Money(tax);
        detail["TaxLine"] = taxLines;
        invoice["TxnTaxDetail"] = detail;
        total += tax;

        var applied = realm.AppliedTo(id);
        if (applied > total)
        {
            throw QuickBooksFault.Business($"The invoice total {total:0.00} is less than the {applied:0.00} already paid on it. Unapply or delete the payments first.", "Line");
        }

        var outLines = Json.Array();
        foreach (var line in lines)
        {
            outLines.Add(line);
        }

        var subtotalLine = Json.Object();
        subtotalLine["Amount"] = Json.Money(subtotal);
        subtotalLine["DetailType"] = SubTotal;
        subtotalLine[SubTotal] = Json.Object();
        outLines.Add(subtotalLine);
        realm.LineIdHighWater[id] = maxLineId;
        invoice["Line"] = outLines;
        invoice["TotalAmt"] = Json.Money(total);
        invoice["Balance"] = Json.Money(total - applied);
        invoice["LinkedTxn"] = LinkedPayments(realm, id);
    }

    /// <summary>Refreshes balance and LinkedTxn after payments changed, as a new version of the invoice.</summary>
    public static void RefreshAfterPayment(RealmState realm, string invoiceId)
    {
        var invoice = realm.Find(EntityNames.Invoice, invoiceId);
        if (invoice is null)
        {
            return;
        }

        var total = Json.Decimal(invoice["TotalAmt"]) ?? 0m;
        invoice["Balance"] = Json.Money(total - realm.AppliedTo(invoiceId));
        invoice["LinkedTxn"] = LinkedPayments(realm, invoiceId);
        realm.Touch(invoice);
        realm.Record(EntityNames.Invoice, invoiceId, "Update");
    }

    /// <summary>Zeroes amounts and quantities and prepends "Voided" to the private note; payments applied are unapplied.</summary>
    public static void Void(RealmState realm, JsonObject invoice)
    {
        var id = Json.String(invoice, "Id")!;
        PaymentRules.UnlinkInvoice(realm, id);
        if (invoice["Line"] is JsonArray lines)
        {
            foreach (var line in lines.OfType<JsonObject>())
            {
                line["Amount"] = Json.Money(0m);
                if (line["SalesItemLineDetail"] is JsonObject detail)
                {
                    detail["Qty"] = JsonValue.Create(0m);
                }
            }
        }

        if (invoice["TxnTaxDetail"] is JsonObject tax)
        {
            tax["TotalTax"] = Json.Money(0m);
            if (tax["TaxLine"] is JsonArray taxLines)
            {
                foreach (var taxLine in taxLines.OfType<JsonObject>())
                {
                    taxLine["Amount"] = Json.Money(0m);
                }
            }
        }

        invoice["TotalAmt"] = Json.Money(0m);
        invoice["Balance"] = Json.Money(0m);
        invoice["LinkedTxn"] = Json.Array();
        var note = Json.String(invoice, "PrivateNote");
        invoice["PrivateNote"] = string.IsNullOrEmpty(note) ? "Voided" : "Voided - " + note;
        realm.VoidedInvoices.Add(id);
    }

    /// <summary>
    /// A TotalTax counts as the caller's own when it is new (create) or differs from the stored one; sending
    /// the stored value back (read-modify-write) keeps whatever was decided before; a TxnTaxDetail without
    /// TotalTax, or a full update without TxnTaxDetail, hands the tax back to QuickBooks.
    /// </summary>
    private static void RememberTaxIntent(RealmState realm, string id, JsonObject? existing, JsonObject body)
    {
        var sentDetail = body["TxnTaxDetail"] as JsonObject;
        var sentTax = sentDetail is null ? null : Json.Decimal(sentDetail["TotalTax"]);
        var storedTax = existing is null ? null : Json.Decimal(Json.Path(existing, "TxnTaxDetail.TotalTax"));
        var sparse = Json.Bool(body["sparse"]) == true;
        if (sentTax is not null && (existing is null || sentTax != storedTax))
        {
            realm.ExplicitTax.Add(id);
        }
        else if (sentTax is null && (sentDetail is not null || existing is null || !sparse))
        {
            realm.ExplicitTax.Remove(id);
        }
    }

    /// <summary>The tax-exclusive part of a tax-inclusive amount: gross × 100 / (100 + rate), rounded to cents.</summary>
    private static decimal Net(decimal gross, decimal codeRate) => Round(gross * 100m / (100m + codeRate));

    private static (decimal Amount, bool Counted, string? TaxCode, decimal? Gross) SalesLine(RealmState realm, JsonObject line, string? mode)
    {
        var detail = line["SalesItemLineDetail"] as JsonObject;
        if (detail is null)
        {
            detail = Json.Object();
            line["SalesItemLineDetail"] = detail;
        }

        var itemId = Json.RefValue(detail["ItemRef"]);
        if (itemId is null)
        {
            // QuickBooks treats a line without an item as a description: its amount does not count.
            return (0m, false, null, null);
        }

        var item = realm.Require(EntityNames.Item, itemId, "Line.SalesItemLineDetail.ItemRef");
        detail["ItemRef"] = Json.Ref(itemId, Json.String(item, "Name"));

        var qty = Json.Decimal(detail["Qty"]);
        var price = Json.Decimal(detail["UnitPrice"]);
        var amount = Json.Decimal(line["Amount"]);
        var inclusive = mode == "TaxInclusive";
        var sentGross = inclusive ? Json.Decimal(detail["TaxInclusiveAmt"]) : null;
        if (sentGross is not null)
        {
            // Tax-inclusive with TaxInclusiveAmt: QuickBooks derives the net Amount and UnitPrice from the gross (below).
            amount = sentGross;
        }
        else if (qty is not null && price is not null)
        {
            var expected = Round(qty.Value * price.Value);
            if (amount is null)
            {
                amount = expected;
            }
            else if (Round(amount.Value) != expected)
            {
                throw new QuickBooksFault(400, "6070", "Amount is not equal to UnitPrice * Qty",
                    $"Amount is not equal to UnitPrice * Qty. Supplied value:{amount.Value}; expected {expected} ({qty.Value} x {price.Value}).", "Line.Amount");
            }
        }

        if (amount is null)
        {
            throw QuickBooksFault.Required("Line.Amount");
        }

        line["Amount"] = Json.Money(amount.Value);
        var code = Json.RefValue(detail["TaxCodeRef"]);
        if (realm.Facts.IsUnitedStates)
        {
            code ??= "NON";
            if (code is not ("TAX" or "NON") && realm.Find(EntityNames.TaxCode, code) is null)
            {
                throw QuickBooksFault.NotFound(EntityNames.TaxCode, code);
            }

            if (code is not ("TAX" or "NON"))
            {
                code = "TAX";
            }
        }
        else if (mode != "NotApplicable")
        {
            if (code is null)
            {
                throw QuickBooksFault.Business("Make sure all your transactions have a tax code: every line needs SalesItemLineDetail.TaxCodeRef.", "Line.SalesItemLineDetail.TaxCodeRef");
            }

            realm.Require(EntityNames.TaxCode, code, "Line.SalesItemLineDetail.TaxCodeRef");
        }

        if (code is not null)
        {
            detail["TaxCodeRef"] = Json.Ref(code);
        }

        if (!inclusive || code is null)
        {
            detail.Remove("TaxInclusiveAmt");
            return (amount.Value, true, code, null);
        }

        // Tax-inclusive: Amount and UnitPrice are stored net of tax, TaxInclusiveAmt holds the gross (as Intuit answers).
        var codeRate = RatesOf(realm, code, "Line.SalesItemLineDetail.TaxCodeRef").Sum(r => r.Rate);
        decimal net;
        decimal gross;
        if (sentGross is { } given)
        {
            gross = Round(given);
            net = Net(gross, codeRate);
            line["Amount"] = Json.Money(net);
            if (qty is { } q && q != 0m)
            {
                detail["UnitPrice"] = JsonValue.Create(Math.Round(net / q, 7, MidpointRounding.AwayFromZero));
            }
        }
        else
        {
            net = amount.Value;
            gross = net + Round(net * codeRate / 100m);
        }

        detail["TaxInclusiveAmt"] = Json.Money(gross);
        return (net, true, code, gross);
    }

    private static List<(string RateId, decimal Rate)> RatesOf(RealmState realm, string codeId, string element)
    {
        var code = realm.Require(EntityNames.TaxCode, codeId, element);
        var result = new List<(string, decimal)>();
        if (Json.Path(code, "SalesTaxRateList.TaxRateDetail") is JsonArray details)
        {
            foreach (var d in details.OfType<JsonObject>())
            {
                var rateId = Json.RefValue(d["TaxRateRef"]);
                var rate = rateId is null ? null : realm.Find(EntityNames.TaxRate, rateId);
                if (rate is not null)
                {
                    result.Add((rateId!, Json.Decimal(rate["RateValue"]) ?? 0m));
                }
            }
        }

        return result;
    }

    private static JsonObject TaxLine(decimal amount, string? rateId, decimal percent, decimal net)
    {
        var detail = Json.Object();
        if (rateId is not null)
        {
            detail["TaxRateRef"] = Json.Ref(rateId);
        }

        detail["PercentBased"] = true;
        detail["TaxPercent"] = JsonValue.Create(percent);
        detail["NetAmountTaxable"] = Json.Money(net);
        var line = Json.Object();
        line["Amount"] = Json.Money(amount);
        line["DetailType"] = "TaxLineDetail";
        line["TaxLineDetail"] = detail;
        return line;
    }

    private static JsonArray LinkedPayments(RealmState realm, string invoiceId)
    {
        var linked = Json.Array();
        if (realm.Applications.TryGetValue(invoiceId, out var byPayment))
        {
            foreach (var paymentId in byPayment.Keys.OrderBy(k => long.TryParse(k, out var n) ? n : 0))
            {
                var link = Json.Object();
                link["TxnId"] = paymentId;
                link["TxnType"] = "Payment";
                linked.Add(link);
            }
        }

        return linked;
    }

    private static void AssignDocNumber(RealmState realm, JsonObject invoice, JsonObject? existing)
    {
        var id = Json.String(invoice, "Id");
        if (!realm.Facts.CustomTransactionNumbers)
        {
            // Automatic numbering: QuickBooks assigns the number and keeps it.
            invoice["DocNumber"] = existing is not null && Json.String(existing, "DocNumber") is { } kept ? kept : realm.NextDocNumber();
            return;
        }

        var number = Json.String(invoice, "DocNumber");
        if (number is null)
        {
            return;
        }

        CheckLength(invoice, "DocNumber", 21);
        var clash = realm.Table(EntityNames.Invoice).Values.Any(i =>
            Json.String(i, "Id") != id && string.Equals(Json.String(i, "DocNumber"), number, StringComparison.OrdinalIgnoreCase));
        if (clash)
        {
            throw QuickBooksFault.DuplicateDocNumber(number);
        }
    }

    private static void CheckLength(JsonObject entity, string field, int max)
    {
        if (Json.String(entity, field) is { } text && text.Length > max)
        {
            throw new QuickBooksFault(400, "2050", "String length is either shorter or longer than supported by specification",
                $"{field} is {text.Length} characters long; at most {max} are allowed.", field);
        }
    }

    private static string HomeCurrency(CompanyFacts facts) => facts.Country switch
    {
        "CA" => "CAD",
        "GB" => "GBP",
        "AU" => "AUD",
        _ => "USD",
    };

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
