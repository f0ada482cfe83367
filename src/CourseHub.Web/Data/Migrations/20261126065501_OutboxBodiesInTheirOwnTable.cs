using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxBodiesInTheirOwnTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutboxBodies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TextBody = table.Column<string>(type: "TEXT", nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: false),
                    CalendarIcs = table.Column<string>(type: "TEXT", nullable: true),
                    AttachmentsJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxBodies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxBodies_OutboxMessages_Id",
                        column: x => x.Id,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Queued mail keeps its bodies: they move to the new table before the old columns go. SQLite
            // drops a column in place, inside the migration's transaction (EF would rebuild the table outside it).
            migrationBuilder.Sql(
                "INSERT INTO OutboxBodies (Id, TextBody, HtmlBody, CalendarIcs, AttachmentsJson) " +
                "SELECT Id, TextBody, HtmlBody, CalendarIcs, AttachmentsJson FROM OutboxMessages;");

            migrationBuilder.Sql("ALTER TABLE OutboxMessages DROP COLUMN AttachmentsJson;");

            migrationBuilder.Sql("ALTER TABLE OutboxMessages DROP COLUMN CalendarIcs;");

            migrationBuilder.Sql("ALTER TABLE OutboxMessages DROP COLUMN HtmlBody;");

            migrationBuilder.Sql("ALTER TABLE OutboxMessages DROP COLUMN TextBody;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttachmentsJson",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CalendarIcs",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HtmlBody",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TextBody",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql(
                "UPDATE OutboxMessages SET (TextBody, HtmlBody, CalendarIcs, AttachmentsJson) = " +
                "(SELECT b.TextBody, b.HtmlBody, b.CalendarIcs, b.AttachmentsJson FROM OutboxBodies b WHERE b.Id = OutboxMessages.Id);");

            migrationBuilder.DropTable(
                name: "OutboxBodies");
        }
    }
}
