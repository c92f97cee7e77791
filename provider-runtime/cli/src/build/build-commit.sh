#!/bin/sh
# Prints build-commit.properties for `svc-connect --version`: the commit checked out in directory
# $1 (a worktree too), and whether tracked files differ from it; nothing outside a git checkout.
commit="$(git -C "$1" rev-parse --short=7 HEAD 2>/dev/null)" || exit 0
if [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  dirty=true
else
  dirty=false
fi
printf 'commit=%s\ndirty=%s\n' "$commit" "$dirty"
