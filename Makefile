# qylua — build, test, bench.  `make` builds ./qylua and ./qy.so; `make run`
# writes the H1 report (md, html, docx, pdf, xlsx); `make test` runs every test; `make asan` runs them all
# again under AddressSanitizer and UBSan, `make valgrind` under memcheck;
# `make fuzz` runs the libFuzzer harnesses of fuzz/ for FUZZ_SECONDS each.

CC       ?= cc
BIN      ?= .
OBJ      ?= build
OPT      ?= -O2
SAN      ?=
PREFIX   ?= /usr/local
DESTDIR  ?=
LUA_INC  := $(shell pkg-config --cflags lua5.4 2>/dev/null || echo -I/usr/include/lua5.4)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Werror=implicit-function-declaration
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(OPT) -g -fPIC $(WARN) $(SAN)
LDFLAGS  += $(SAN)
# libgsf (the OLE2 container of .xls) brings glib's include paths: only
# xls.c is compiled with them. Asked when used (=), so after deps-if-missing
# has installed it.
GSF_CFLAGS = $(shell pkg-config --cflags libgsf-1 2>/dev/null)
GSF_LIBS   = $(shell pkg-config --libs libgsf-1 2>/dev/null || echo -lgsf-1 -lgobject-2.0 -lglib-2.0)
# ICU collates strings (core/collate.c: pinyin order).
ICU_LIBS   = $(shell pkg-config --libs icu-i18n icu-uc 2>/dev/null || echo -licui18n -licuuc -licudata)
LIBS     = -lxlsxwriter -lcsv -lxxhash -lzip -lexpat -lfreexl $(GSF_LIBS) $(ICU_LIBS) -lm -pthread

CORE_SRC := $(wildcard core/*.c)
LUA_SRC  := $(filter-out lua/qylua.c,$(wildcard lua/*.c))
TEST_SRC := $(wildcard tests/c/test_*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(OBJ)/%.o)
LUA_OBJ  := $(LUA_SRC:%.c=$(OBJ)/%.o)
TESTS    := $(TEST_SRC:tests/c/%.c=$(OBJ)/tests/%)

.PHONY: all deps deps-if-missing fuzz-deps run test check asan valgrind fuzz bench clean install uninstall
.DELETE_ON_ERROR:

all: $(BIN)/qylua $(BIN)/qy.so

deps:
	mk/deps.sh

deps-if-missing:
	@mk/deps.sh --check >/dev/null || mk/deps.sh

# `make V=1` shows the full commands.
Q        := $(if $(V),,@)

$(OBJ)/core/%.o: core/%.c $(wildcard core/*.h) | deps-if-missing
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OBJ)/core/xls.o: CFLAGS += $(GSF_CFLAGS)

$(OBJ)/lua/%.o: lua/%.c $(wildcard core/*.h lua/*.h) | deps-if-missing
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -D_GNU_SOURCE $(LUA_INC) -Icore -c $< -o $@

$(BIN)/qylua: $(OBJ)/lua/qylua.o $(LUA_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -Wl,-E -o $@ $^ -llua5.4 -lreadline $(LIBS)
	@[ "$(BIN)" = . ] || ln -sfn $(CURDIR)/lua $(BIN)/lua

# -z nodelete: lua_close unloads a C module, and with it ICU, whose
# collator cache would then be memory nothing points to (a leak to memcheck);
# kept loaded, it is ICU's to keep, as it is in qylua.
$(BIN)/qy.so: $(LUA_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -shared -Wl,-z,nodelete -o $@ $^ $(LIBS)

$(OBJ)/tests/%: tests/c/%.c $(wildcard tests/c/*.h) $(CORE_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) -Icore -o $@ $< $(filter %.o,$^) $(LDFLAGS) $(LIBS)

# The one binding file with C tests: the bar's text needs no Lua state.
$(OBJ)/tests/test_lprogress: $(OBJ)/lua/lprogress.o lua/lqy.h
$(OBJ)/tests/test_lprogress: TEST_INC := $(LUA_INC) -Ilua

# test_workbook writes OLE2 files with libgsf's writer.
$(OBJ)/tests/test_workbook: TEST_INC = $(GSF_CFLAGS)

run: all
	$(BIN)/qylua scripts/h1.lua --format md,html,docx,pdf,xlsx

test check: all $(TESTS)
	@QY_BIN=$(BIN) QY_OBJ=$(OBJ) QY_SAN="$(SAN)" QY_WRAP="$(WRAP)" QY_WRAP_LOGS="$(WRAP_LOGS)" tests/run.sh

asan:
	$(MAKE) BIN=build/asan OBJ=build/asan/obj OPT=-O1 \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" test

# Every test program under memcheck (tests/run.sh, QY_WRAP): any error or
# definite or indirect leak fails the test that caused it. No suppressions:
# lua5.4, busted's C modules, readline and libc run clean.
VG_LOGS  := $(CURDIR)/build/valgrind/log
VALGRIND := valgrind -q --vgdb=no --error-exitcode=1 --leak-check=full \
            --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
            --log-file=$(VG_LOGS)/%p.log

valgrind:
	$(MAKE) BIN=build/valgrind OBJ=build/valgrind/obj OPT=-O1 WRAP="$(VALGRIND)" WRAP_LOGS=$(VG_LOGS) test

# The harnesses, built with clang's libFuzzer against the core alone.
FUZZ_SECONDS ?= 600
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -O1 -g -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined $(WARN)
FUZZ_NAMES   := $(basename $(notdir $(wildcard fuzz/fuzz_*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=build/fuzz/%)
FUZZ_OBJ     := $(CORE_SRC:%.c=build/fuzz/obj/%.o)

.SECONDARY: $(FUZZ_OBJ)

fuzz-deps:
	@mk/deps.sh --fuzz --check >/dev/null || mk/deps.sh --fuzz

build/fuzz/obj/core/%.o: core/%.c $(wildcard core/*.h) | fuzz-deps
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $< (fuzz)")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/obj/core/xls.o: FUZZ_CFLAGS += $(GSF_CFLAGS)

build/fuzz/%: fuzz/%.c $(FUZZ_OBJ) $(wildcard tests/c/fixtures.h)
	@$(if $(V),true,echo "  LINK    $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Icore -Itests/c -o $@ $< $(FUZZ_OBJ) $(LIBS)

fuzz: $(FUZZ_BINS)
	mk/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Where lua5.4 looks: PREFIX/bin, PREFIX/lib/lua/5.4, PREFIX/share/lua/5.4.
install: all
	mk/install.sh install $(BIN) "$(DESTDIR)$(PREFIX)"

uninstall:
	mk/install.sh uninstall $(BIN) "$(DESTDIR)$(PREFIX)"

bench: all
	bench/run.sh

clean:
	rm -rf build qylua qy.so out
