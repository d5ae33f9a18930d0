# sheaf: a folder of articles to one EPUB 3 book.
# Flags come from pkg-config through build/config.mk, which
# scripts/deps.sh writes once the Debian packages are in place.
# Local overrides go in config.mk.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?=
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	   -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter $(WERROR) -Iinclude -Ibuild \
	   -DSHEAF_VERSION='"$(VERSION)"'
PKGS     = libxml-2.0 yaml-0.1 libzip md4c-html uuid zlib

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

-include config.mk
ifeq ($(filter clean format lint,$(MAKECMDGOALS)),)
-include build/config.mk
endif
CFLAGS  += $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread

BASE_OBJS    = build/obj/buf.o build/obj/xalloc.o build/obj/diag.o \
	       build/obj/text.o
COMMON_OBJS  = $(BASE_OBJS) build/obj/book.o build/obj/media.o \
	       build/obj/spool.o \
	       build/obj/template.o build/obj/assets.o
COLLECT_OBJS = build/obj/collect.o build/obj/collect_article.o \
	       build/obj/collect_date.o build/obj/collect_dump.o
CONVERT_OBJS = build/obj/convert.o build/obj/convert_markdown.o \
	       build/obj/convert_html.o build/obj/convert_sanitize.o
PACKAGE_OBJS = build/obj/package.o build/obj/package_opf.o \
	       build/obj/package_nav.o build/obj/package_pages.o
LIB_OBJS     = $(COMMON_OBJS) $(COLLECT_OBJS) $(CONVERT_OBJS) $(PACKAGE_OBJS)

TEMPLATES = templates/container.xml templates/article.xhtml \
	    templates/chapter.xhtml templates/title.xhtml \
	    templates/cover.xhtml templates/nav.xhtml templates/toc.ncx \
	    templates/package.opf
ASSETS    = assets/themes/default.css

UNIT_TESTS = build/test_buf build/test_text build/test_template \
	     build/test_collect build/test_convert build/test_package

all: build/sheaf

build/config.mk: scripts/deps.sh
	@sh scripts/deps.sh build
	@mkdir -p build
	@printf 'PKG_CFLAGS = %s\nPKG_LIBS = %s\n' \
	    "$$(pkg-config --cflags $(PKGS))" "$$(pkg-config --libs $(PKGS))" >$@

build/sheaf: build/obj/main.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ build/obj/main.o $(LIB_OBJS) $(LDLIBS)

build/obj/%.o: src/%.c
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -c -o $@ $<

build/obj/assets.o: build/assets.c
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -c -o $@ build/assets.c

build/embed: scripts/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ scripts/embed.c

build/assets.c: build/embed $(TEMPLATES) $(ASSETS)
	build/embed $(TEMPLATES) $(ASSETS) >$@.tmp && mv $@.tmp $@

# Header dependencies, written out.
H_BASE = include/buf.h include/xalloc.h include/diag.h
build/obj/buf.o build/obj/xalloc.o build/obj/diag.o: $(H_BASE)
build/obj/text.o: $(H_BASE) include/text.h
build/obj/book.o build/obj/media.o: $(H_BASE) include/book.h include/media.h \
	include/spool.h
build/obj/spool.o: $(H_BASE) include/spool.h
build/obj/template.o: $(H_BASE) include/template.h
build/obj/main.o: $(H_BASE) include/book.h include/spool.h include/config.h \
	include/collect.h include/convert.h include/package.h include/media.h
$(COLLECT_OBJS): $(H_BASE) include/book.h include/spool.h include/config.h \
	include/collect.h include/text.h src/collect_int.h
$(CONVERT_OBJS): $(H_BASE) include/book.h include/spool.h include/config.h \
	include/convert.h include/media.h include/template.h include/text.h \
	src/convert_int.h
$(PACKAGE_OBJS): $(H_BASE) include/book.h include/spool.h include/config.h \
	include/package.h include/media.h include/template.h src/package_int.h

# Unit tests: each links the objects of the stage it tests.
build/test_buf build/test_text: build/test_%: tests/unit/test_%.c tests/harness.h $(BASE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(BASE_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_template: tests/unit/test_template.c tests/harness.h $(COMMON_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_collect: tests/unit/test_collect.c tests/harness.h $(COMMON_OBJS) $(COLLECT_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COLLECT_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_convert: tests/unit/test_convert.c tests/harness.h $(COMMON_OBJS) $(CONVERT_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(CONVERT_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_package: tests/unit/test_package.c tests/harness.h $(COMMON_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)

book: build/seeds.epub

build/seeds.epub: build/sheaf $(shell find seeds -type f 2>/dev/null)
	build/sheaf build seeds -o $@

check: build/sheaf $(UNIT_TESTS)
	@sh scripts/deps.sh test
	@sh tests/run.sh

bench: build/sheaf
	@N="$(N)" PANDOC="$(PANDOC)" PANDOC_MAX_N="$(PANDOC_MAX_N)" sh tests/bench/bench.sh

valgrind: build/sheaf
	@sh tests/e2e.sh --valgrind

lint:
	@! grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets)\(' src/*.c include/*.h || \
	    { echo 'lint: banned function'; exit 1; }

format:
	clang-format -i src/*.c src/*.h include/*.h tests/unit/*.c

install: build/sheaf
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 build/sheaf $(DESTDIR)$(PREFIX)/bin/sheaf

clean:
	rm -rf build

.PHONY: all book check bench valgrind lint format install clean
