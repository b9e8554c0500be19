#!/bin/bash
# The model card's contact sheet (native-models/docs/previz-samples.png), made through the
# engine as the app makes clips: each row one shot of native-models/tools/contact-sheet/
# (two held-out captions, each still, panned right 0.6 and zoomed in 1.5), frames 1, 6, 11
# and 16; the picture is reduced to 128 colours so that the repository stays small.
#
#   npm run build:electron && bash native-models/tools/contact-sheet.sh [PACKAGE] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/../.."
FF=node_modules/@ffmpeg-installer/linux-x64/ffmpeg
PKG=${1:-native-models/packages/directa-previz}
OUT=${2:-native-models/docs/previz-samples.png}
SPECS=native-models/tools/contact-sheet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rows=()
for shot in a-still a-pan-right a-zoom-in b-still b-pan-right b-zoom-in; do
  node dist/electron/cli.cjs render "$SPECS/$shot.json" --out "$WORK/$shot" --model "$PKG" > /dev/null 2> "$WORK/$shot.log" \
    || { cat "$WORK/$shot.log" >&2; exit 1; }
  "$FF" -loglevel error -y -i "$WORK/$shot/clip.mp4" \
    -vf "select='not(mod(n\,5))',scale=256:144,tile=4x1:padding=2:color=white,drawtext=text='$shot':x=6:y=4:fontcolor=white:fontsize=14" \
    -frames:v 1 "$WORK/row-$shot.png" 2> /dev/null
  rows+=(-i "$WORK/row-$shot.png")
done
"$FF" -loglevel error -y "${rows[@]}" -filter_complex "vstack=inputs=6,scale=772:-1,split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse" "$OUT"
echo "wrote $OUT"
