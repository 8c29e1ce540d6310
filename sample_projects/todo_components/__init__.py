"""Components and actions shared by the Starlette and Django sample projects."""
