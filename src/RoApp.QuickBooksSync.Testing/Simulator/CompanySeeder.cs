using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Simulator;

/// <summary>Builds a company from a profile: company info, preferences, accounts, tax codes and rates, a service item.</summary>
internal static class CompanySeeder
{
    public const decimal AutomatedSalesTaxRate = 8.5m;

    public static (RealmState Realm, SimulatedCompany Company) Seed(string realmId, CompanyOptions options, SimulatorClock clock)
    {
        var profile = options.Profile;
        var country = profile switch
        {
            CompanyProfile.Canada => "CA",
            CompanyProfile.UnitedKingdom => "GB",
            _ => "US",
        };

        // Ids are fixed by the seed order below: 1 undeposited funds, 2 bank, 3 income, 4 tax liability.
        var facts = new CompanyFacts(country, options.CustomTransactionNumbers, profile == CompanyProfile.UnitedStatesAutomatedSalesTax,
            options.UtcOffset, "1", null, AutomatedSalesTaxRate);
        var realm = new RealmState(realmId, facts, clock);

        var undeposited = Add(realm, EntityNames.Account, new JsonObject
        {
            ["Name"] = "Undeposited Funds", ["AccountType"] = "Other Current Asset", ["AccountSubType"] = "UndepositedFunds",
            ["Classification"] = "Asset", ["Active"] = true, ["CurrentBalance"] = 0,
        });
        var bank = Add(realm, EntityNames.Account, new JsonObject
        {
            ["Name"] = "Checking", ["AccountType"] = "Bank", ["AccountSubType"] = "Checking",
            ["Classification"] = "Asset", ["Active"] = true, ["CurrentBalance"] = 0,
        });
        var income = Add(realm, EntityNames.Account, new JsonObject
        {
            ["Name"] = "Services", ["AccountType"] = "Income", ["AccountSubType"] = "ServiceFeeIncome",
            ["Classification"] = "Revenue", ["Active"] = true, ["CurrentBalance"] = 0,
        });
        Add(realm, EntityNames.Account, new JsonObject
        {
            ["Name"] = country == "US" ? "Sales Tax Payable" : country == "CA" ? "GST/HST Payable" : "VAT Control",
            ["AccountType"] = "Other Current Liability", ["AccountSubType"] = "SalesTaxPayable",
            ["Classification"] = "Liability", ["Active"] = true, ["CurrentBalance"] = 0,
        });

        var taxCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        string? astCode = null;
        switch (profile)
        {
            case CompanyProfile.UnitedStates:
                taxCodes["California"] = TaxCode(realm, "California", "CA sales tax", ("California State", 7.25m), ("Alameda County", 1.0m));
                taxCodes["Out of state"] = TaxCode(realm, "Out of state", "No sales tax", ("Out of state", 0m));
                break;
            case CompanyProfile.UnitedStatesAutomatedSalesTax:
                astCode = TaxCode(realm, "AST", "Automated Sales Tax", ("Automated Sales Tax", AutomatedSalesTaxRate));
                taxCodes["AST"] = astCode;
                break;
            case CompanyProfile.Canada:
                taxCodes["GST"] = TaxCode(realm, "GST", "GST 5%", ("GST", 5m));
                taxCodes["HST ON"] = TaxCode(realm, "HST ON", "HST Ontario 13%", ("HST ON", 13m));
                taxCodes["GST/PST BC"] = TaxCode(realm, "GST/PST BC", "GST 5% + PST BC 7%", ("GST (BC)", 5m), ("PST BC", 7m));
                taxCodes["Exempt"] = TaxCode(realm, "Exempt", "Exempt", ("Exempt", 0m));
                break;
            case CompanyProfile.UnitedKingdom:
                taxCodes["20.0% S"] = TaxCode(realm, "20.0% S", "Standard rate", ("20.0% S", 20m));
                taxCodes["5.0% R"] = TaxCode(realm, "5.0% R", "Reduced rate", ("5.0% R", 5m));
                taxCodes["0.0% Z"] = TaxCode(realm, "0.0% Z", "Zero-rated", ("0.0% Z", 0m));
                taxCodes["Exempt"] = TaxCode(realm, "Exempt", "Exempt", ("Exempt", 0m));
                break;
        }

        if (astCode is not null)
        {
            realm.Facts = facts with { AutomatedSalesTaxCodeId = astCode };
        }

        var item = Add(realm, EntityNames.Item, new JsonObject
        {
            ["Name"] = "Repair service", ["FullyQualifiedName"] = "Repair service", ["Type"] = "Service", ["Active"] = true,
            ["Taxable"] = true, ["UnitPrice"] = 0, ["IncomeAccountRef"] = Json.Ref(income, "Services"),
        });

        // Seeded after everything else, so the ids above do not depend on them.
        var locationIds = Categories(realm, EntityNames.Department, options.Locations, nameof(options.Locations));
        var classIds = Categories(realm, EntityNames.Class, options.Classes, nameof(options.Classes));

        AddSingleton(realm, EntityNames.CompanyInfo, "1", new JsonObject
        {
            ["CompanyName"] = options.CompanyName,
            ["LegalName"] = options.CompanyName,
            ["Country"] = country,
            ["CompanyAddr"] = new JsonObject { ["Line1"] = "1 Main Street", ["City"] = "Springfield", ["Country"] = country },
            ["SupportedLanguages"] = "en",
            ["FiscalYearStartMonth"] = "January",
        });
        AddSingleton(realm, EntityNames.Preferences, "1", new JsonObject
        {
            ["SalesFormsPrefs"] = new JsonObject { ["CustomTxnNumbers"] = options.CustomTransactionNumbers, ["AllowDiscount"] = false },
            ["TaxPrefs"] = new JsonObject
            {
                ["UsingSalesTax"] = true,
                ["PartnerTaxEnabled"] = profile == CompanyProfile.UnitedStatesAutomatedSalesTax,
            },
            ["CurrencyPrefs"] = new JsonObject
            {
                ["MultiCurrencyEnabled"] = false,
                ["HomeCurrency"] = Json.Ref(country switch { "CA" => "CAD", "GB" => "GBP", _ => "USD" }),
            },
            ["AccountingInfoPrefs"] = AccountingInfo(options),
        });

        var company = new SimulatedCompany(realmId, profile, taxCodes)
        {
            UndepositedFundsAccountId = undeposited,
            BankAccountId = bank,
            IncomeAccountId = income,
            ServiceItemId = item,
            LocationIds = locationIds,
            ClassIds = classIds,
        };
        return (realm, company);
    }

    private static JsonObject AccountingInfo(CompanyOptions options)
    {
        if (!TrackingRules.Terminologies.Contains(options.LocationTerminology))
        {
            throw new ArgumentException(
                $"CompanyOptions.LocationTerminology '{options.LocationTerminology}' is not one of {string.Join(", ", TrackingRules.Terminologies)}.", nameof(options));
        }

        if (!Enum.IsDefined(options.ClassTracking))
        {
            throw new ArgumentException($"CompanyOptions.ClassTracking {options.ClassTracking} is not a ClassTracking value.", nameof(options));
        }

        return new JsonObject
        {
            ["TrackDepartments"] = options.TrackLocations,
            ["DepartmentTerminology"] = options.LocationTerminology,
            ["ClassTrackingPerTxn"] = options.ClassTracking == ClassTracking.PerTransaction,
            ["ClassTrackingPerTxnLine"] = options.ClassTracking == ClassTracking.PerLine,
        };
    }

    /// <summary>Seeds a location or class list through its name-list rules; "A:B" seeds A, then B under it. Ids by full name.</summary>
    private static Dictionary<string, string> Categories(RealmState realm, string entity, IEnumerable<string> names, string option)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            string? parentId = null;
            var path = "";
            foreach (var part in (name ?? "").Split(':'))
            {
                path = path.Length == 0 ? part.Trim() : path + ":" + part.Trim();
                if (ids.TryGetValue(path, out var known))
                {
                    parentId = known;
                    continue;
                }

                var body = new JsonObject { ["Name"] = part };
                if (parentId is not null)
                {
                    body["ParentRef"] = Json.Ref(parentId);
                }

                try
                {
                    NameListRules.PrepareCategory(realm, entity, body);
                }
                catch (QuickBooksFault fault)
                {
                    throw new ArgumentException($"CompanyOptions.{option} entry '{name}' cannot be seeded: {fault.Code} {fault.Message}: {fault.Detail}", nameof(names), fault);
                }

                parentId = Add(realm, entity, body);
                ids[path] = parentId;
            }
        }

        return ids;
    }

    private static string TaxCode(RealmState realm, string name, string description, params (string Name, decimal Rate)[] rates)
    {
        var details = Json.Array();
        foreach (var (rateName, rate) in rates)
        {
            var rateId = Add(realm, EntityNames.TaxRate, new JsonObject
            {
                ["Name"] = rateName, ["Description"] = rateName, ["RateValue"] = rate, ["Active"] = true,
                ["AgencyRef"] = Json.Ref("1"), ["SpecialTaxType"] = "NONE", ["DisplayType"] = "ReadOnly",
            });
            details.Add(new JsonObject { ["TaxRateRef"] = Json.Ref(rateId, rateName), ["TaxTypeApplicable"] = "TaxOnAmount", ["TaxOrder"] = 0 });
        }

        return Add(realm, EntityNames.TaxCode, new JsonObject
        {
            ["Name"] = name, ["Description"] = description, ["Active"] = true, ["Taxable"] = rates.Any(r => r.Rate > 0),
            ["TaxGroup"] = rates.Length > 1,
            ["SalesTaxRateList"] = new JsonObject { ["TaxRateDetail"] = details },
            ["PurchaseTaxRateList"] = new JsonObject { ["TaxRateDetail"] = Json.Array() },
        });
    }

    private static string Add(RealmState realm, string entity, JsonObject body)
    {
        var id = realm.NewId();
        AddSingleton(realm, entity, id, body);
        return id;
    }

    private static void AddSingleton(RealmState realm, string entity, string id, JsonObject body)
    {
        var stored = Json.Clone(body);
        stored["Id"] = id;
        stored["SyncToken"] = "0";
        stored["domain"] = "QBO";
        stored["sparse"] = false;
        stored["MetaData"] = new JsonObject { ["CreateTime"] = realm.NowText, ["LastUpdatedTime"] = realm.NowText };
        realm.Table(entity)[id] = stored;
    }
}
