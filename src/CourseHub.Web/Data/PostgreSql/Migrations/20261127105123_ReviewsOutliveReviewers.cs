using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CourseHub.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ReviewsOutliveReviewers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApplicationReviews_AspNetUsers_ReviewerId",
                table: "ApplicationReviews");

            migrationBuilder.AlterColumn<string>(
                name: "ReviewerId",
                table: "ApplicationReviews",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddForeignKey(
                name: "FK_ApplicationReviews_AspNetUsers_ReviewerId",
                table: "ApplicationReviews",
                column: "ReviewerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApplicationReviews_AspNetUsers_ReviewerId",
                table: "ApplicationReviews");

            migrationBuilder.AlterColumn<string>(
                name: "ReviewerId",
                table: "ApplicationReviews",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ApplicationReviews_AspNetUsers_ReviewerId",
                table: "ApplicationReviews",
                column: "ReviewerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
