#!/usr/bin/env bash
# Usage: scripts/module-graph.sh SRC_DIR
#
# The dependency graph between the top-level modules of a crate, from its source: an edge
# `a -> b` for every `crate::b` path named in module `a`'s files (`use crate::b::...`,
# `crate::b::f(...)`, `use crate::{b::X, ...}`, and `$crate::b` in macro bodies). A name the
# crate root re-exports (`crate::Error`, from `pub use error::Error;` in lib.rs) or a
# `#[macro_export]` macro (`$crate::sid!`) counts as a reference to the module defining it.
# Comments are left out (doc links are not imports), and so is `src/bin`.
#
# Prints the edges (`a -> b`, sorted), then either `no cycle` (exit 0) or each cycle found
# (exit 1).
set -euo pipefail

src=${1:?usage: $0 SRC_DIR}
[ -f "$src/lib.rs" ] || { echo "$0: no lib.rs in $src" >&2; exit 2; }

exec perl -e '
use strict;
use warnings;
my $src = shift;

# Modules: src/x.rs and src/x/mod.rs (with the files under src/x/).
my %files;    # module -> [files]
opendir my $dh, $src or die "$src: $!";
for my $entry (sort readdir $dh) {
    next if $entry =~ /^\./ or $entry eq "bin";
    my $path = "$src/$entry";
    if (-f $path and $entry =~ /^(\w+)\.rs$/ and $1 ne "lib" and $1 ne "main") {
        push @{ $files{$1} }, $path;
    } elsif (-d $path) {
        push @{ $files{$entry} }, split /\n/, `find "$path" -name "*.rs" | sort`;
    }
}
closedir $dh;

# Source without comments: whole-line comments, and trailing ones after ` // `.
sub code {
    my ($file) = @_;
    open my $fh, "<", $file or die "$file: $!";
    my $text = "";
    while (my $line = <$fh>) {
        next if $line =~ m{^\s*//};
        $line =~ s{\s//\s.*$}{};
        $text .= $line;
    }
    return $text;
}

# Names at the crate root: lib.rs re-exports and exported macros.
my %root;    # name -> module
my $lib = code("$src/lib.rs");
while ($lib =~ /pub\s+use\s+(?:crate::|self::)?(\w+)::(\{[^}]*\}|\w+)\s*;/g) {
    my ($module, $names) = ($1, $2);
    next unless $files{$module};
    $names =~ s/[{}]//g;
    for my $name (split /\s*,\s*/, $names) {
        $name =~ s/^\s+|\s+$//g;
        $name =~ s/.*\bas\s+//;
        $root{$name} = $module if length $name;
    }
}
for my $module (keys %files) {
    for my $file (@{ $files{$module} }) {
        my $text = code($file);
        $root{$1} = $module while $text =~ /#\[macro_export\]\s*macro_rules!\s*(\w+)/g;
    }
}

# Edges.
my %edges;    # from -> {to -> 1}
for my $from (sort keys %files) {
    $edges{$from} ||= {};
    for my $file (@{ $files{$from} }) {
        my $text = code($file);
        my @targets;
        # `use crate::{a::X, b, ...}`: every first segment inside the braces.
        while ($text =~ /\buse\s+crate::\{((?:[^{}]|\{[^{}]*\})*)\}/g) {
            my $group = $1;
            $group =~ s/\{[^{}]*\}//g;
            push @targets, map { /^\s*(\w+)/ ? $1 : () } split /,/, $group;
        }
        push @targets, $1 while $text =~ /(?<![\w])\$?crate::(\w+)/g;
        for my $to (@targets) {
            my $module = $files{$to} ? $to : $root{$to};
            next unless defined $module and $module ne $from;
            $edges{$from}{$module} = 1;
        }
    }
}
for my $from (sort keys %edges) {
    print "$from -> $_\n" for sort keys %{ $edges{$from} };
}

# Cycles: strongly connected components of more than one module (Tarjan), each printed
# with one circle through it.
my (%index, %low, %on, @stack, @components);
my $next = 0;
sub visit {
    my ($v) = @_;
    $index{$v} = $low{$v} = $next++;
    push @stack, $v;
    $on{$v} = 1;
    for my $w (sort keys %{ $edges{$v} }) {
        if (!defined $index{$w}) {
            visit($w);
            $low{$v} = $low{$w} if $low{$w} < $low{$v};
        } elsif ($on{$w}) {
            $low{$v} = $index{$w} if $index{$w} < $low{$v};
        }
    }
    if ($low{$v} == $index{$v}) {
        my @component;
        my $w;
        do { $w = pop @stack; $on{$w} = 0; push @component, $w } while ($w ne $v);
        push @components, [sort @component] if @component > 1;
    }
}
for my $v (sort keys %edges) { visit($v) unless defined $index{$v} }

# One circle inside a component: a shortest path back to its first module.
sub circle {
    my ($members) = @_;
    my %in = map { $_ => 1 } @$members;
    my $start = $members->[0];
    my %prev;
    my @queue = ($start);
    my %seen;
    while (@queue) {
        my $v = shift @queue;
        for my $w (sort keys %{ $edges{$v} }) {
            next unless $in{$w};
            if ($w eq $start) {
                my @path = ($v);
                unshift @path, $prev{ $path[0] } while defined $prev{ $path[0] };
                return join(" -> ", @path, $start);
            }
            next if $seen{$w}++;
            $prev{$w} = $v;
            push @queue, $w;
        }
    }
    return "";
}

if (!@components) {
    print "no cycle\n";
    exit 0;
}
for my $component (@components) {
    print "cycle among: @$component\n";
    print "  e.g. ", circle($component), "\n";
}
exit 1;
' "$src"
