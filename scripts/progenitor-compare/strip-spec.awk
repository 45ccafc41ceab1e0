# Turns a Twilio OpenAPI spec into one progenitor 0.15 generates without panicking,
# removing only what it cannot take (text edit, so that it needs nothing but awk):
#   - `format: uri-map` (Twilio's map of links): progenitor panics on the unknown format;
#     the property stays a plain object.
#   - `encoding:` blocks of request bodies (how form fields are serialised: exploded arrays,
#     a JSON-text field): progenitor panics with "media type encoding not empty"; the fields
#     stay, encoded by progenitor's own rules.
# Usage: awk -f strip-spec.awk SPEC > OUT
BEGIN { skip = -1 }
skip >= 0 {
    match($0, /^ */)
    if (RLENGTH > skip || $0 ~ /^ *$/) next
    skip = -1
}
/^ *encoding: *$/ { match($0, /^ */); skip = RLENGTH; next }
/^ *format: uri-map *$/ { next }
{ print }
