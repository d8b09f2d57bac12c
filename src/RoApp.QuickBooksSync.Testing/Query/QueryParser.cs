using System.Globalization;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Query;

/// <summary>
/// Recursive-descent parser for QuickBooks' query language:
/// <c>SELECT * | COUNT(*) FROM entity [WHERE cond (AND cond)*] [ORDERBY f [ASC|DESC] (, ...)*] [STARTPOSITION n] [MAXRESULTS n]</c>.
/// Keywords and entity names in any letter case. Anything else is a 400 fault.
/// </summary>
internal sealed class QueryParser
{
    public const int DefaultMaxResults = 100;
    public const int MaxMaxResults = 1000;

    private readonly List<Token> _tokens;
    private int _pos;

    private QueryParser(string text) => _tokens = QueryTokenizer.Tokenize(text);

    public static QueryStatement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw QuickBooksFault.Parse("The query is empty.");
        }

        return new QueryParser(text).Statement();
    }

    private Token Current => _tokens[_pos];

    private QueryStatement Statement()
    {
        Keyword("select");
        var count = false;
        if (Current.Kind == TokenKind.Star)
        {
            _pos++;
        }
        else if (IsKeyword("count"))
        {
            _pos++;
            Expect(TokenKind.OpenParen, "(");
            Expect(TokenKind.Star, "*");
            Expect(TokenKind.CloseParen, ")");
            count = true;
        }
        else
        {
            throw Error("Only 'select *' and 'select count(*)' are supported (no projections)");
        }

        Keyword("from");
        var entityToken = Expect(TokenKind.Word, "an entity name");
        var entity = EntityNames.Canonical(entityToken.Text)
            ?? throw QuickBooksFault.Parse($"Unknown entity '{entityToken.Text}'. Known: {string.Join(", ", EntityNames.All)}.");

        var conditions = new List<Condition>();
        if (IsKeyword("where"))
        {
            _pos++;
            conditions.Add(ConditionClause());
            while (IsKeyword("and"))
            {
                _pos++;
                conditions.Add(ConditionClause());
            }

            if (IsKeyword("or"))
            {
                throw Error("OR is not supported by QuickBooks queries");
            }
        }

        var order = new List<Ordering>();
        if (IsKeyword("orderby") || IsKeyword("order"))
        {
            if (IsKeyword("order"))
            {
                _pos++;
                Keyword("by");
            }
            else
            {
                _pos++;
            }

            do
            {
                if (Current.Kind == TokenKind.Comma)
                {
                    _pos++;
                }

                var field = Expect(TokenKind.Word, "a field name").Text;
                var descending = false;
                if (IsKeyword("desc"))
                {
                    descending = true;
                    _pos++;
                }
                else if (IsKeyword("asc"))
                {
                    _pos++;
                }

                order.Add(new Ordering(field, descending));
            }
            while (Current.Kind == TokenKind.Comma);
        }

        var start = 1;
        var max = DefaultMaxResults;
        while (IsKeyword("startposition") || IsKeyword("maxresults"))
        {
            var which = Current.Text.ToUpperInvariant();
            _pos++;
            var number = int.Parse(Expect(TokenKind.Number, "a number").Text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (which == "STARTPOSITION")
            {
                start = Math.Max(1, number);
            }
            else
            {
                if (number < 1)
                {
                    throw Error("MAXRESULTS must be at least 1");
                }

                max = Math.Min(number, MaxMaxResults);
            }
        }

        if (Current.Kind != TokenKind.End)
        {
            throw Error($"Unexpected '{Current.Text}'");
        }

        return new QueryStatement(entity, count, conditions, order, start, max);
    }

    private Condition ConditionClause()
    {
        var field = Expect(TokenKind.Word, "a field name").Text;
        if (IsKeyword("in"))
        {
            _pos++;
            Expect(TokenKind.OpenParen, "(");
            var values = new List<string> { Literal() };
            while (Current.Kind == TokenKind.Comma)
            {
                _pos++;
                values.Add(Literal());
            }

            Expect(TokenKind.CloseParen, ")");
            if (field.StartsWith("PrimaryEmailAddr", StringComparison.OrdinalIgnoreCase))
            {
                // QuickBooks filters e-mail addresses by equality (or LIKE) only: a list of them is refused.
                throw QuickBooksFault.Parse($"IN is not supported on {field}; query one address at a time with PrimaryEmailAddr = '...'.");
            }

            return new Condition(field, "IN", values);
        }

        if (IsKeyword("like"))
        {
            _pos++;
            return new Condition(field, "LIKE", [Literal()]);
        }

        var op = Expect(TokenKind.Operator, "an operator (=, <, >, <=, >=, IN, LIKE)").Text;
        if (op is not ("=" or "<" or ">" or "<=" or ">="))
        {
            throw QuickBooksFault.Parse($"Operator '{op}' is not supported; use =, <, >, <=, >=, IN or LIKE.");
        }

        return new Condition(field, op, [Literal()]);
    }

    private string Literal()
    {
        var token = Current;
        if (token.Kind is TokenKind.String or TokenKind.Number
            || (token.Kind == TokenKind.Word && (IsKeyword("true") || IsKeyword("false"))))
        {
            _pos++;
            return token.Text;
        }

        throw Error("Expected a value ('text', a number, true or false)");
    }

    private void Keyword(string word)
    {
        if (!IsKeyword(word))
        {
            throw Error($"Expected '{word.ToUpperInvariant()}'");
        }

        _pos++;
    }

    private bool IsKeyword(string word) =>
        Current.Kind == TokenKind.Word && string.Equals(Current.Text, word, StringComparison.OrdinalIgnoreCase);

    private Token Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Error($"Expected {what}");
        }

        return _tokens[_pos++];
    }

    private QuickBooksFault Error(string message) =>
        QuickBooksFault.Parse($"{message} at position {Current.Position}{(Current.Kind == TokenKind.End ? " (end of statement)" : $" near '{Current.Text}'")}.");
}
