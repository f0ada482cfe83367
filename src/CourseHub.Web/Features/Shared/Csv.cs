namespace CourseHub.Web.Features.Shared;

/// <summary>Cells of the CSV files the site exports.</summary>
public static class Csv
{
    /// <summary>
    /// Quotes a cell when it needs it, and neutralises text a spreadsheet would run as a formula (an applicant
    /// can type "=HYPERLINK(…)" into a form).
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
