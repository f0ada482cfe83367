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

            // Queued mail keeps its bodies: they move to the new table before the old columns go.
            migrationBuilder.Sql(
                "INSERT INTO OutboxBodies (Id, TextBody, HtmlBody, CalendarIcs, AttachmentsJson) " +
                "SELECT Id, TextBody, HtmlBody, CalendarIcs, AttachmentsJson FROM OutboxMessages;");

            migrationBuilder.DropColumn(
                name: "AttachmentsJson",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "CalendarIcs",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "HtmlBody",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TextBody",
                table: "OutboxMessages");
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
