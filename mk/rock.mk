# mk/rock.mk — what `luarocks make` runs (build type "make" in the rockspec):
# builds qy.so with luarocks' compiler flags and installs it with the Lua-side
# modules. Not the builtin type: it would also copy everything in lua/ (the C
# sources) into the Lua tree. luarocks passes the upper-case variables.
CFLAGS      ?= -O2 -fPIC
LIBFLAG     ?= -shared
LUA_INCDIR  ?= /usr/include/lua5.4
CSV_INCDIR  ?= /usr/include
CSV_LIBDIR  ?= /usr/lib
OBJ         := build/rock
ICU_LIBS    := $(shell pkg-config --libs icu-i18n icu-uc 2>/dev/null || echo -licui18n -licuuc -licudata)
FLAGS       := $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -I$(CSV_INCDIR)

CORE_OBJ    := $(patsubst %.c,$(OBJ)/%.o,$(wildcard core/*.c))
LUA_OBJ     := $(patsubst %.c,$(OBJ)/%.o,$(filter-out lua/qylua.c,$(wildcard lua/*.c)))

$(OBJ)/qy.so: $(CORE_OBJ) $(LUA_OBJ)
	$(CC) $(LIBFLAG) -o $@ $^ -L$(CSV_LIBDIR) -lcsv $(ICU_LIBS) -lm -pthread

$(OBJ)/core/%.o: core/%.c $(wildcard core/*.h)
	@mkdir -p $(@D)
	$(CC) $(FLAGS) -c $< -o $@

$(OBJ)/lua/%.o: lua/%.c $(wildcard core/*.h lua/*.h)
	@mkdir -p $(@D)
	$(CC) $(FLAGS) -D_GNU_SOURCE -I$(LUA_INCDIR) -Icore -c $< -o $@

install: $(OBJ)/qy.so
	install -d $(LIBDIR) $(LUADIR)/qy
	install -m 755 $(OBJ)/qy.so $(LIBDIR)/qy.so
	install -m 644 lua/qy/*.lua $(LUADIR)/qy/

.PHONY: install
