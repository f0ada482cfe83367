using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EndorsementRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Applications stored before have had one request, the one mailed with them.
            migrationBuilder.AddColumn<int>(
                name: "EndorsementRequest",
                table: "Applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndorsementRequest",
                table: "Applications");
        }
    }
}
