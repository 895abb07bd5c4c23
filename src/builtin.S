/* The database built from data/ at make time, linked into the program
 * and opened in place with sqlite3_deserialize. */
	.section .rodata
	.global cepdir_builtin_db
	.balign 64
cepdir_builtin_db:
	.incbin BUILTIN_DB
cepdir_builtin_db_end:
	.global cepdir_builtin_db_size
	.balign 8
cepdir_builtin_db_size:
	.quad cepdir_builtin_db_end - cepdir_builtin_db
	.section .note.GNU-stack,"",@progbits
