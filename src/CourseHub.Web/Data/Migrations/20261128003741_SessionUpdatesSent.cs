using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionUpdatesSent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "UpdatesSent",
                table: "LiveSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Until now the list showed the SEQUENCE, raised only by changes mailed to everyone.
            migrationBuilder.Sql("""UPDATE "LiveSessions" SET "UpdatesSent" = "Sequence";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UpdatesSent",
                table: "LiveSessions");
        }
    }
}
