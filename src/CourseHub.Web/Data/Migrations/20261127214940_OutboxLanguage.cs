using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 8,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Language",
                table: "OutboxMessages");
        }
    }
}
