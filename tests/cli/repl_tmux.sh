# The REPL on a real terminal, driven through tmux: the banner and prompt,
# an expression, a chunk continued on ">> ", a value shown by __tostring,
# Up-arrow recalling history, Ctrl-C stopping a running line but not the
# REPL, and Ctrl-D leaving with exit 0. Prints the final screen.
# Needs tmux (mk/deps.sh installs it).
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
tm() { tmux -S "$sock" "$@"; }

# The screen without the blank lines below the text.
screen() { tm capture-pane -p -t repl | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }

# Fails with the screen after 10 s of "$@" being false (polled every 50 ms).
poll() {
    i=0
    until "$@"; do
        i=$((i + 1))
        if [ $i -gt 200 ]; then
            echo "timed out waiting for: $*"
            screen
            exit 1
        fi
        sleep 0.05
    done
}
# At least $2 (default 1) lines of the screen match the pattern $1.
shows() { [ "$(tm capture-pane -p -t repl | grep -c -- "$1")" -ge "${2:-1}" ]; }
# The last line is the prompt $1 with nothing typed yet: readline is
# waiting, so keys typed now are not echoed twice.
prompt_is() { [ "$(screen | tail -n 1)" = "$1" ]; }

# Waits for the prompt $2 (default ">"), then types the line $1 and Enter.
type_line() {
    poll prompt_is "${2:->}"
    tm send-keys -t repl -l "$1"
    tm send-keys -t repl Enter
}

tm -f /dev/null new-session -d -s repl -x 80 -y 50 \
    "env INPUTRC=/dev/null '$QYLUA'; echo \"[exit \$?]\"; sleep 60"
type_line '1 + 1'
poll shows '^2$'
type_line 'for i = 1, 2 do'
type_line 'print("line " .. i) end' '>>'
poll shows '^line 2$'
type_line 'setmetatable({}, {__tostring = function() return "shown by __tostring" end})'
poll shows '^shown by __tostring$'
type_line 'print("again " .. 6 * 7)'
poll shows '^again 42$'
poll prompt_is '>'
tm send-keys -t repl Up
poll shows '^> print("again " .. 6 \* 7)$' 2
tm send-keys -t repl Enter
poll shows '^again 42$' 2
type_line 'print("spinning") while true do end'
poll shows '^spinning$'
tm send-keys -t repl C-c
poll shows 'interrupted!'
type_line 'print("still " .. "here")'
poll shows '^still here$'
poll prompt_is '>'
tm send-keys -t repl C-d
poll shows '^\[exit '
screen | sed -E '1s/[0-9]+\.[0-9]+\.[0-9]+/N.N.N/g'
