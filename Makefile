# sheaf: a folder of articles to one EPUB 3 book.
# Flags come from pkg-config through build/config.mk, which
# scripts/deps.sh writes once the Debian packages are in place.
# Local overrides go in config.mk.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
COMPDIR  = $(DESTDIR)$(PREFIX)/share
CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?=
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	   -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter $(WERROR) -Iinclude -Ibuild \
	   -DSHEAF_VERSION='"$(VERSION)"'
PKGS     = libxml-2.0 yaml-0.1 libzip md4c-html uuid libcurl libwebp stb \
	   icu-i18n libjpeg zlib libcrypto

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

-include config.mk
ifeq ($(filter clean format lint,$(MAKECMDGOALS)),)
-include build/config.mk
endif
CFLAGS  += $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

BASE_OBJS    = build/obj/buf.o build/obj/xalloc.o build/obj/diag.o \
	       build/obj/text.o build/obj/cleanup.o build/obj/uuid5.o \
	       build/obj/hmap.o
COMMON_OBJS  = $(BASE_OBJS) build/obj/book.o build/obj/media.o \
	       build/obj/media_image.o build/obj/media_jpeg.o \
	       build/obj/media_sniff.o build/obj/media_svg.o \
	       build/obj/template.o build/obj/spool.o \
	       build/obj/assets.o build/obj/cache_dir.o build/obj/cache_pack.o \
	       build/obj/cache_codec.o \
	       build/obj/fetch_url.o
COLLECT_OBJS = build/obj/collect.o build/obj/collect_article.o \
	       build/obj/collect_yaml.o \
	       build/obj/collect_date.o build/obj/collect_dump.o \
	       build/obj/collect_toml.o build/obj/collect_site.o \
	       build/obj/collect_select.o build/obj/collect_order.o \
	       build/obj/collect_group.o build/obj/collect_init.o \
	       build/obj/collect_load.o build/obj/collect_cache.o \
	       build/obj/config_file.o build/obj/config_list.o
CONVERT_OBJS = build/obj/convert.o build/obj/convert_markdown.o \
	       build/obj/convert_html.o build/obj/convert_sanitize.o \
	       build/obj/convert_place.o build/obj/convert_cover.o \
	       build/obj/convert_vertical.o build/obj/convert_tags.o \
	       build/obj/convert_math.o build/obj/convert_site.o \
	       build/obj/convert_link.o build/obj/convert_jobs.o \
	       build/obj/convert_cache.o build/obj/convert_url.o \
	       build/obj/convert_image.o build/obj/convert_note.o \
	       build/obj/convert_sanitize_rules.o \
	       build/obj/convert_sanitize_structure.o \
	       build/obj/convert_sanitize_ids.o \
	       build/obj/convert_sanitize_text.o \
	       build/obj/convert_sanitize_tree.o
FETCH_OBJS   = build/obj/fetch.o build/obj/fetch_addr.o \
	       build/obj/fetch_cache.o build/obj/fetch_book.o
PACKAGE_OBJS = build/obj/package.o build/obj/package_sink.o \
	       build/obj/package_opf.o build/obj/package_nav.o \
	       build/obj/package_pages.o build/obj/package_css.o \
	       build/obj/package_a11y.o build/obj/package_cover.o \
	       build/obj/package_font.o build/obj/package_spool.o \
	       build/obj/package_file.o build/obj/package_zip.o \
	       build/obj/package_reuse.o build/obj/package_xml.o
CHECK_OBJS   = build/obj/check.o build/obj/check_book.o \
	       build/obj/check_xml.o build/obj/check_url.o \
	       build/obj/check_opf.o build/obj/check_doc.o \
	       build/obj/check_nav.o build/obj/check_image.o \
	       build/obj/check_epubcheck.o build/obj/check_a11y.o
MAIN_OBJS    = build/obj/main.o build/obj/main_book.o build/obj/main_check.o \
	       build/obj/main_color.o build/obj/main_completion.o \
	       build/obj/main_init.o build/obj/main_jobs.o \
	       build/obj/main_options.o build/obj/main_outdir.o \
	       build/obj/main_progress.o build/obj/main_report.o
LIB_OBJS     = $(COMMON_OBJS) $(COLLECT_OBJS) $(CONVERT_OBJS) $(FETCH_OBJS) \
	       $(PACKAGE_OBJS) $(CHECK_OBJS)

TEMPLATES = templates/container.xml templates/article.xhtml \
	    templates/chapter.xhtml templates/title.xhtml \
	    templates/cover.xhtml templates/nav.xhtml templates/toc.ncx \
	    templates/package.opf
ASSETS    = assets/themes/base.css assets/themes/default.css \
	    assets/themes/serif.css \
	    assets/themes/sans.css assets/themes/plain.css \
	    assets/themes/vertical.css

UNIT_TESTS = build/test_buf build/test_text build/test_diag build/test_template \
	     build/test_uuid5 build/test_hmap \
	     build/test_collect build/test_toml build/test_convert \
	     build/test_package build/test_fetch build/mkimage build/test_theme \
	     build/test_check build/test_config

all: build/sheaf

build/config.mk: scripts/deps.sh
	@sh scripts/deps.sh build
	@mkdir -p build
	@printf 'PKG_CFLAGS = %s\nPKG_LIBS = %s\n' \
	    "$$(pkg-config --cflags $(PKGS))" "$$(pkg-config --libs $(PKGS))" >$@

build/sheaf: $(MAIN_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJS) $(LIB_OBJS) $(LDLIBS)

# Header dependencies are the compiler's: DEPFLAGS writes a .d file
# beside each object and each test or fuzz binary, naming the headers
# it included; they are read back here. What was built without one (by
# an older Makefile) is built again.
DEPFLAGS  = -MMD -MP
DEP_DIRS  = build build/obj build/fuzz build/fuzz/obj
DEP_FILES = $(wildcard $(DEP_DIRS:%=%/*.d))
-include $(DEP_FILES)
BUILT     = $(wildcard build/obj/*.o build/fuzz/obj/*.o $(UNIT_TESTS)) \
	    $(filter-out %.d,$(wildcard build/fuzz/fuzz_*))
$(filter-out $(DEP_FILES:.d=.o) $(DEP_FILES:.d=),$(BUILT)): FORCE
FORCE:

build/obj/%.o: src/%.c
	@mkdir -p build/obj
	$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

build/obj/assets.o: build/assets.c
	@mkdir -p build/obj
	$(CC) $(CFLAGS) $(DEPFLAGS) -c -o $@ build/assets.c

build/embed: scripts/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ scripts/embed.c

build/assets.c: build/embed $(TEMPLATES) $(ASSETS)
	build/embed $(TEMPLATES) $(ASSETS) >$@.tmp && mv $@.tmp $@

# Unit tests: each links the objects of the stage it tests.
$(UNIT_TESTS): private CFLAGS += $(DEPFLAGS)
build/test_buf build/test_text build/test_diag build/test_uuid5: build/test_%: tests/unit/test_%.c $(BASE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(BASE_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_hmap: tests/unit/test_hmap.c $(BASE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(BASE_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_template: tests/unit/test_template.c $(COMMON_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
# book.yml (in collect) checks theme names against the packager's.
build/test_collect: tests/unit/test_collect.c $(COMMON_OBJS) $(COLLECT_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COLLECT_OBJS) $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_config: tests/unit/test_config.c $(COMMON_OBJS) $(COLLECT_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COLLECT_OBJS) $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_toml: tests/unit/test_toml.c $(COMMON_OBJS) $(COLLECT_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(COLLECT_OBJS) $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_convert: tests/unit/test_convert.c $(COMMON_OBJS) $(CONVERT_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(CONVERT_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_fetch: tests/unit/test_fetch.c $(COMMON_OBJS) $(FETCH_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(FETCH_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/mkimage: tests/mkimage.c
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS)
build/test_theme: tests/unit/test_theme.c $(COMMON_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)
build/test_package: tests/unit/test_package.c $(COMMON_OBJS) $(PACKAGE_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(PACKAGE_OBJS) $(COMMON_OBJS) $(LDFLAGS) $(LDLIBS)

build/test_check: tests/unit/test_check.c $(BASE_OBJS) $(CHECK_OBJS)
	$(CC) $(CFLAGS) -Itests -Isrc -o $@ $< $(CHECK_OBJS) $(BASE_OBJS) $(LDFLAGS) $(LDLIBS)

# Fault injection for tests/faults.sh and tests/oom.sh: objects for
# LD_PRELOAD that fail I/O calls and allocations on demand, built
# without sanitizers. The shipped sheaf has no hook.
FAULT_SHIMS = build/iofault.so build/allocfail.so
$(FAULT_SHIMS): build/%.so: tests/faults/%.c
	@mkdir -p build
	$(CC) -shared -fPIC -O1 -Wall -Wextra $(WERROR) -o $@ $< -ldl

# Fuzz targets: clang's libFuzzer with address and undefined-behaviour
# sanitizers, over objects built apart in build/fuzz/obj.
FUZZ_CC      = clang
FUZZ_CFLAGS  = -g -O1 -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	       -fsanitize=address,undefined -fno-sanitize-recover=all \
	       -Iinclude -Ibuild -Isrc -Itests/fuzz \
	       -DSHEAF_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
FUZZ_TIME   ?= 60
FUZZ_NAMES   = frontmatter date html markdown image toml
FUZZ_BINS    = $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
FUZZ_OBJS    = $(LIB_OBJS:build/obj/%=build/fuzz/obj/%)

build/fuzz/obj/%.o: src/%.c
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/obj/assets.o: build/assets.c
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -c -o $@ build/assets.c
$(FUZZ_BINS): build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPFLAGS) -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_OBJS) $(PKG_LIBS) -lpthread

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_TIME)

fuzz-build: $(FUZZ_BINS)

book: build/seeds.epub

build/seeds.epub: build/sheaf $(shell find seeds -type f 2>/dev/null)
	build/sheaf build seeds -o $@

# make check T=NAME runs one test (tests/run.sh lists what NAME may
# be: test_convert or convert, e2e_cache, bad/13-nul, ...), with only
# what it needs built.
T         ?=
T_UNIT     = $(filter build/test_$(T:test_%=%),$(UNIT_TESTS))
CHECK_DEPS = $(if $(T),$(or $(T_UNIT),build/sheaf build/mkimage \
	     $(FAULT_SHIMS)),build/sheaf $(UNIT_TESTS) $(FAULT_SHIMS))

check: $(CHECK_DEPS)
	@sh scripts/deps.sh test
	@sh tests/run.sh $(T)

bench: build/sheaf
	@N="$(N)" PANDOC="$(PANDOC)" PANDOC_MAX_N="$(PANDOC_MAX_N)" sh tests/bench/bench.sh

screenshots: build/sheaf
	@sh scripts/deps.sh render
	@sh scripts/screenshots.sh

valgrind: build/sheaf build/mkimage
	@sh tests/e2e.sh --valgrind && sh tests/e2e_images.sh --valgrind

lint:
	@! grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets)\(' src/*.c include/*.h || \
	    { echo 'lint: banned function'; exit 1; }

format:
	clang-format -i src/*.c src/*.h include/*.h tests/unit/*.c

# Templates and themes are compiled into the binary (build/assets.c):
# the installed sheaf needs no other file.
install: build/sheaf man/sheaf.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
	    $(COMPDIR)/bash-completion/completions \
	    $(COMPDIR)/zsh/site-functions $(COMPDIR)/fish/vendor_completions.d
	install -m 755 build/sheaf $(DESTDIR)$(PREFIX)/bin/sheaf
	install -m 644 man/sheaf.1 $(DESTDIR)$(MANDIR)/man1/sheaf.1
	build/sheaf completion bash >$(COMPDIR)/bash-completion/completions/sheaf
	build/sheaf completion zsh >$(COMPDIR)/zsh/site-functions/_sheaf
	build/sheaf completion fish >$(COMPDIR)/fish/vendor_completions.d/sheaf.fish

clean:
	rm -rf build

.PHONY: all book check bench fuzz fuzz-build screenshots valgrind lint format \
	install clean FORCE
