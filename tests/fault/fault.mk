# cepdir-fault, the test build of cepdir in which the Nth allocation or
# the Nth I/O call fails (tests/fault/fault.c): the objects of cepdir with
# the program's allocations and file calls wrapped, for
# tests/scripts/fault-*.sh. Included by the Makefile.

FAULT_SRC = tests/fault/fault.c tests/fault/fault-alloc.c \
	tests/fault/fault-io.c
FAULT_OBJ = $(FAULT_SRC:tests/fault/%.c=$(B)/fault/%.o)
FAULT_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc \
	-Wl,--wrap=reallocarray,--wrap=strdup,--wrap=strndup \
	-Wl,--wrap=csv_init,--wrap=pthread_create \
	-Wl,--wrap=mkstemp,--wrap=fchmod,--wrap=fsync,--wrap=rename \
	-Wl,--wrap=sqlite3_open_v2

$(B)/fault/%.o: tests/fault/%.c tests/fault/fault.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/cepdir-fault: $(CLI_OBJ) $(B)/builtin.o $(LIB) $(FAULT_OBJ)
	$(CC) $(LDFLAGS_ALL) $(FAULT_WRAP) -o $@ $(CLI_OBJ) $(B)/builtin.o \
	    $(FAULT_OBJ) $(LIB) $(LIBS)
