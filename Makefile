# PCN Ops build.  `make` builds build/pcnops; see README.md for the rest.
#   make SAN=address,undefined   a sanitizer build, in build/san/
#   make test                    everything: setup, build, unit tests (plain
#                                and sanitized), CLI and data tests
#   make run                     the main job on the bundled demo data
#   make bench                   benchmarks (docs/performance.md)
#   make fuzz                    every fuzz/fuzz_*.c harness for FUZZ_TIME seconds
#                                (300) under ASan and UBSan (fuzz/README.md)

CC      ?= cc
PKGS    := sqlite3 libpq jansson zlib libsodium libmicrohttpd xlsxwriter libical libzip expat
TESTPKGS:= cmocka
# cracklib (libcrack2-dev) has no pkg-config file: the common-password check, auth.c
NOPCLIBS:= -lcrack

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla \
           -Wno-format-nonliteral -Werror
CSTD    := -std=c17 -D_GNU_SOURCE
OPT     ?= -O2 -g
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
LDHARDEN:= -pie -Wl,-z,relro,-z,now

ifdef SAN
BUILD   ?= build/san
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SAN) -fno-sanitize-recover=all
HARDEN  := -fPIE
LDHARDEN:= -pie -fsanitize=$(SAN)
else
BUILD   ?= build
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS:= $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
TEST_LIBS  := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

# src/ holds one folder a layer or a domain (docs/architecture.md); each is on
# the include path, so an #include names the header alone.
SRCDIRS := $(patsubst %/,%,$(sort $(dir $(wildcard src/*/*.c src/*/*.h))))
CFLAGS  := $(CSTD) $(OPT) $(WARN) $(HARDEN) -MMD -MP $(addprefix -I,$(SRCDIRS)) -I$(BUILD)/gen \
           $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(LDHARDEN) $(EXTRA_LDFLAGS)
LIBS    := $(PKG_LIBS) $(NOPCLIBS) -lpthread

SRCS     := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
OBJS     := $(addprefix $(BUILD)/obj/,$(notdir $(SRCS:.c=.o))) $(BUILD)/obj/gen_migrations.o
vpath %.c $(SRCDIRS)
MAIN_OBJ := $(BUILD)/obj/main.o
SQL      := $(sort $(wildcard src/store/sql/*.sql src/store/sql/sqlite/*.sql src/store/sql/pg/*.sql))
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))

.PHONY: all setup test check unit run bench clean demo-db lint fuzz fuzz-build
all: $(BUILD)/pcnops

$(BUILD)/pcnops: $(MAIN_OBJ) $(BUILD)/libpcnops.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libpcnops.a: $(OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/obj/%.o: %.c | $(BUILD)/obj $(BUILD)/gen/gen_migrations.c
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

# Made every time (embed-sql replaces it only when it changed), so that a
# removed or renamed migration is noticed as well as a new one.
$(BUILD)/gen/gen_migrations.c: FORCE | $(BUILD)/gen
	@scripts/embed-sql $@ $(SQL)

FORCE:

$(BUILD)/obj/gen_migrations.o: $(BUILD)/gen/gen_migrations.c | $(BUILD)/obj
	@echo "  CC    $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/webfix.h $(BUILD)/libpcnops.a | $(BUILD)/tests
	$(CC) $(CFLAGS) $(TEST_CFLAGS) -Itests -o $@ $< $(BUILD)/libpcnops.a $(LDFLAGS) $(LIBS) $(TEST_LIBS)

# bench/gen-england: copies of England for make bench (bench/national).
$(BUILD)/bench/%: bench/%.c $(BUILD)/libpcnops.a | $(BUILD)/bench
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libpcnops.a $(LDFLAGS) $(LIBS)

$(BUILD)/obj $(BUILD)/gen $(BUILD)/tests $(BUILD)/bench:
	@mkdir -p $@

unit: $(TESTS) $(BUILD)/pcnops

setup:
	@scripts/setup base

# The whole suite: plain build, sanitizer build of the unit tests, then the
# runner, which ends with "N passed, N failed".
# The builds use every core (JOBS) unless make was given -j itself.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PAR := $(if $(findstring j,$(firstword -$(MAKEFLAGS))),,-j$(JOBS))
test:
	@scripts/setup base e2e
	@$(MAKE) --no-print-directory $(PAR) all unit
	@$(MAKE) --no-print-directory $(PAR) SAN=address,undefined unit
	@$(MAKE) --no-print-directory $(PAR) fuzz-build
	@tests/run

check: test

run: setup
	@$(MAKE) --no-print-directory all
	@scripts/run-demo

bench:
	@scripts/setup bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/gen-england
	@bench/run

# Fuzzing (fuzz/README.md): clang and libFuzzer with ASan and UBSan, in
# build/fuzz/, apart from the gcc builds.  Every fuzz/fuzz_NAME.c is a
# harness.  make fuzz FUZZ="csv ics" FUZZ_TIME=60 runs only those, that long.
FUZZ_TIME ?= 300
FUZZ_JOBS ?= 1
FUZZ_BINS := $(patsubst fuzz/%.c,build/fuzz/bin/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_MAKE := $(MAKE) --no-print-directory CC=clang SAN=address,undefined BUILD=build/fuzz \
             EXTRA_CFLAGS=-fsanitize=fuzzer-no-link

fuzz-build:
	@scripts/setup base fuzz
	+@$(FUZZ_MAKE) $(FUZZ_BINS)

fuzz: fuzz-build
	@fuzz/run -t $(FUZZ_TIME) -j $(FUZZ_JOBS) $(FUZZ)

build/fuzz/bin/fuzz_%: fuzz/fuzz_%.c fuzz/fuzzlib.c fuzz/fuzzlib.h tests/registryfix.h build/fuzz/libpcnops.a $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZ  $<"
	@$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -Ifuzz -fsanitize=fuzzer -o $@ $< fuzz/fuzzlib.c \
		build/fuzz/libpcnops.a $(LDFLAGS) -fsanitize=fuzzer $(LIBS)

lint:
	@scripts/lint

clean:
	rm -rf build

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/tests/*.d)
