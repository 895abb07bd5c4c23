# cepdir: make builds ./cepdir with the data of data/ built in; make check
# runs every test; make check SANITIZE=1 does it under ASan and UBSan.

CC ?= cc
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
FRMANDIR = $(PREFIX)/share/man/fr/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions
LOCALEDIR = $(PREFIX)/share/locale

SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)

OPT ?= -O2 -g
WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(OPT) $(WARN) -Iinclude $(SQLITE_CFLAGS) \
	-DLOCALEDIR='"$(LOCALEDIR)"' -DBUILD_LOCALEDIR='"$(B)/locale"'
LIBS = $(SQLITE_LIBS) -lcsv -pthread

ifeq ($(SANITIZE),1)
B = build/san
BIN = $(B)/cepdir
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HARDEN = -fPIE
LDHARDEN = -pie
else
B = build/release
BIN = cepdir
SAN =
HARDEN = -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
LDHARDEN = -pie -Wl,-z,relro,-z,now
endif

CFLAGS_ALL = $(BASE_CFLAGS) $(HARDEN) $(SAN) $(CFLAGS)
LDFLAGS_ALL = $(LDHARDEN) $(SAN) $(LDFLAGS)

LIB_SRC = src/date.c src/key.c src/names.c src/text.c src/csvread.c src/db.c \
	src/mem.c src/table.c src/importer.c src/import-rows.c src/import-source.c \
	src/import-finish.c src/import-check.c src/import-coverage.c src/pipeline.c src/store.c src/export.c \
	src/output.c src/output-table.c src/resolve.c src/rows.c src/note.c src/gaps.c src/lookup.c src/place.c src/where.c src/walk.c src/query-sql.c \
	src/query-region.c src/query-where.c src/query-operator.c \
	src/query-changes.c src/query-list.c src/check.c
CLI_SRC = src/main.c src/options.c src/usage.c src/cmd-region.c src/cmd-where.c src/cmd-operator.c \
	src/cmd-on.c src/cmd-history.c src/cmd-changes.c src/cmd-regions.c src/cmd-departments.c \
	src/cmd-operators.c src/cmd-import.c src/cmd-export.c src/cmd-check.c \
	src/cmd-help.c
# pages and pictures: the html format and the timeline
LIB_SRC += src/markup.c src/output-html.c src/timeline.c src/timeline-text.c \
	src/timeline-key.c src/timeline-svg.c
CLI_SRC += src/question.c src/cmd-timeline.c
LIB_SRC += src/annotate.c src/annotate-lookup.c src/spool.c
CLI_SRC += src/cmd-annotate.c
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(B)/%.o)
LIB = $(B)/libcepdir.a
DATA = data/regions.csv data/departments.csv data/communes.csv \
	data/operators.csv data/coverage.csv data/former_communes.csv \
	data/territories.csv
# the message catalogues, one per language of po/
LINGUAS = fr
MO = $(LINGUAS:%=$(B)/locale/%/LC_MESSAGES/cepdir.mo)
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

all: $(BIN) $(MO)

$(B)/%.o: src/%.c include/cepdir.h src/*.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

# The program first without data, to import data/ with its own checks: a
# dataset that does not import cleanly stops the build.
$(B)/cepdir-bootstrap: $(CLI_OBJ) $(B)/builtin-none.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(B)/builtin-none.o $(LIB) $(LIBS)

$(B)/builtin-none.o: src/builtin-none.c include/cepdir.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The built-in data is dated by its last commit (else its newest file),
# so that a build gives the same bytes whatever the day.
DATA_EPOCH := $(shell git log -1 --format=%ct -- data 2>/dev/null)
ifeq ($(DATA_EPOCH),)
DATA_EPOCH := $(shell stat -c %Y $(DATA) | sort -n | tail -n 1)
endif

$(B)/builtin.db: $(B)/cepdir-bootstrap $(DATA)
	rm -f $@ $@.new
	SOURCE_DATE_EPOCH=$(DATA_EPOCH) $(B)/cepdir-bootstrap --quiet \
	    --db $@.new import data
	mv $@.new $@

$(B)/builtin.o: src/builtin.S $(B)/builtin.db
	$(CC) -c -DBUILTIN_DB='"$(B)/builtin.db"' -o $@ src/builtin.S

$(BIN): $(CLI_OBJ) $(B)/builtin.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(B)/builtin.o $(LIB) $(LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Isrc $(LDFLAGS_ALL) -o $@ $< $(B)/builtin-none.o $(LIB) $(LIBS)

# Where the programs of the build tree look for them (main.c, locale_dir).
$(B)/locale/%/LC_MESSAGES/cepdir.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.new $<
	mv $@.new $@

# The template from the sources, and the translations merged with it.
pot:
	sh scripts/pot.sh

include tests/fault/fault.mk

check: $(BIN) $(MO) $(B)/cepdir-bootstrap $(UNIT_BIN) $(B)/cepdir-fault
	CEPDIR=$(abspath $(BIN)) BUILD=$(abspath $(B)) VALGRIND=$(VALGRIND) \
	    SANITIZE=$(SANITIZE) sh tests/run.sh

# What building needs (quick: the README's first command); what only the
# tests need (valgrind, clang, Chromium: heavy), which check-all installs.
deps:
	sh scripts/deps.sh

deps-test:
	sh scripts/deps.sh test

# The whole suite as CI runs it: plain, sanitizers, valgrind, a short fuzz.
# CEPDIR_STRICT: a tool that make deps installs is never a skipped test.
check-all: deps deps-test
	CEPDIR_STRICT=1 $(MAKE) check
	CEPDIR_STRICT=1 $(MAKE) check SANITIZE=1
	CEPDIR_STRICT=1 $(MAKE) check VALGRIND=1
	$(MAKE) fuzz

FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# The timeline the README shows, on the day the built-in data is dated, so
# that it changes only with the data.
DOCS_ON := $(shell date -u -d @$(DATA_EPOCH) +%Y-%m-%d)
docs: $(BIN)
	@mkdir -p docs
	./$(BIN) --on $(DOCS_ON) timeline normandie >docs/timeline-normandie.svg.new
	mv docs/timeline-normandie.svg.new docs/timeline-normandie.svg

bench: $(BIN)
	sh bench/run.sh

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/cepdir
	install -m 644 man/cepdir.1 $(DESTDIR)$(MANDIR)/cepdir.1
	install -d $(DESTDIR)$(FRMANDIR)
	install -m 644 man/fr/cepdir.1 $(DESTDIR)$(FRMANDIR)/cepdir.1
	install -m 644 completions/cepdir.bash $(DESTDIR)$(COMPLETIONDIR)/cepdir
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(B)/locale/$$l/LC_MESSAGES/cepdir.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cepdir.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cepdir $(DESTDIR)$(MANDIR)/cepdir.1 \
	    $(DESTDIR)$(FRMANDIR)/cepdir.1 $(DESTDIR)$(COMPLETIONDIR)/cepdir
	for l in $(LINGUAS); do \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/cepdir.mo; \
	done

clean:
	rm -rf build cepdir

.PHONY: all check check-all deps deps-test docs fuzz bench install uninstall \
	clean pot
