using System.Globalization;
using System.Text;

namespace CourseHub.Web.Features.Shared;

/// <summary>
/// How a CSV file separates its cells and writes its decimals. Excel reads a file by the computer's regional settings:
/// where the decimal mark is a point (Mexico, Central America, English) it splits at commas; where it is a comma
/// (Chile, Argentina, Brazil, Spain) it splits at semicolons and reads "4.50" as a date or text. The exports offer both.
/// </summary>
public sealed record CsvDialect(char Separator, string DecimalMark)
{
    public static readonly CsvDialect DecimalPoint = new(',', ".");
    public static readonly CsvDialect DecimalComma = new(';', ",");

    /// <summary>The dialect an export address asks for (<c>?decimal=comma</c>); the decimal point otherwise.</summary>
    public static CsvDialect Named(string? decimalMark) =>
        string.Equals(decimalMark?.Trim(), "comma", StringComparison.OrdinalIgnoreCase) ? DecimalComma : DecimalPoint;

    /// <summary>A number with two decimals and no thousands mark: "4.50" or "4,50".</summary>
    public string Number(double value) =>
        value.ToString("0.00", CultureInfo.InvariantCulture).Replace(".", DecimalMark, StringComparison.Ordinal);
}

/// <summary>Cells and lines of the CSV files the site exports.</summary>
public static class Csv
{
    /// <summary>
    /// Quotes a cell when it needs it, and neutralises text a spreadsheet would run as a formula (an applicant
    /// can type "=HYPERLINK(…)" into a form). A cell where the other dialect's separator comes before a formula's
    /// first character is quoted too: a spreadsheet set to split there would otherwise cut "data,=1+1" into a formula.
    /// </summary>
    public static string Cell(string value, CsvDialect? dialect = null)
    {
        var separator = (dialect ?? CsvDialect.DecimalPoint).Separator;
        if (value.Length > 0 && IsFormulaStart(value[0])) value = "'" + value;
        var quoted = value.IndexOfAny([separator, '"', '\n', '\r']) >= 0 || FormulaAfterSeparator(value);
        return quoted ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool FormulaAfterSeparator(string value)
    {
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (value[i] is ',' or ';' && IsFormulaStart(value[i + 1])) return true;
        }
        return false;
    }

    /// <summary>A line of cells in the dialect, each quoted as it needs.</summary>
    public static void Line(StringBuilder csv, IEnumerable<string> cells, CsvDialect dialect) =>
        csv.AppendLine(string.Join(dialect.Separator, cells.Select(cell => Cell(cell, dialect))));

    /// <summary>The file's bytes: UTF-8 with a byte-order mark, which spreadsheet programs need to read accents.</summary>
    public static byte[] Bytes(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
}
