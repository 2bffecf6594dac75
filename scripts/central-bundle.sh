#!/usr/bin/env bash
# Lays out the bundle that Maven Central's Publisher Portal takes (upload it by hand or with the publishing
# plugin; this script uploads nothing) and checks it:
#
#   ./mvnw -B -ntp -Prelease -DskipTests package     # jars, sources and Javadoc jars
#   bash scripts/central-bundle.sh                   # -> target/central-bundle/ and target/central-bundle.zip
#
# Published: cvj-parent (the root POM), cvj-bom, and every module that cvj-bom lists (its directory is its
# artifactId). Per artifact, under dev/cvj/<artifactId>/<version>/: the .pom, and for jar modules the jar,
# -sources.jar and -javadoc.jar (test jars stay out); an .md5 and a .sha1 beside every file; an .asc
# beside every file when signed.
#
# Environment:
#   CVJ_GPG_KEY          key id or e-mail to sign with (gpg --local-user); unset: the bundle is not signed
#                        (Central refuses unsigned uploads; everything else is checked the same)
#   CVJ_GPG_PASSPHRASE   the key's passphrase, if it has one
#   GNUPGHOME            as gpg reads it
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=$root/target/central-bundle
zip_file=$root/target/central-bundle.zip

die() { printf '[central-bundle] ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf '[central-bundle] %s\n' "$*" >&2; }

# The version and group of the root POM, and the modules the BOM lists.
read -r group version < <(python3 - <<'PY'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse("pom.xml").getroot()
print(root.find("m:groupId", ns).text, root.find("m:version", ns).text)
PY
)
mapfile -t modules < <(python3 - <<'PY'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
bom = ET.parse("cvj-bom/pom.xml").getroot()
for d in bom.findall("m:dependencyManagement/m:dependencies/m:dependency", ns):
    print(d.find("m:artifactId", ns).text)
PY
)
[ ${#modules[@]} -gt 0 ] || die "cvj-bom/pom.xml lists no module"
group_path=${group//.//}

rm -rf "$out" "$zip_file"
mkdir -p "$out"

place() {  # place <artifactId> <source file> <classifier-and-extension, e.g. .pom or -sources.jar>
  local dir=$out/$group_path/$1/$version
  [ -f "$2" ] || die "missing $2 (run ./mvnw -Prelease -DskipTests package first)"
  mkdir -p "$dir"
  cp "$2" "$dir/$1-$version$3"
}

place cvj-parent pom.xml .pom
place cvj-bom cvj-bom/pom.xml .pom
for m in "${modules[@]}"; do
  place "$m" "$m/pom.xml" .pom
  for suffix in .jar -sources.jar -javadoc.jar; do
    place "$m" "$m/target/$m-$version$suffix" "$suffix"
  done
done

# Signatures first (Central wants one per file), then checksums of every file (the .asc files need none).
if [ -n "${CVJ_GPG_KEY:-}" ]; then
  log "signing with key $CVJ_GPG_KEY"
  gpg_args=(--batch --yes --armor --detach-sign --local-user "$CVJ_GPG_KEY")
  [ -n "${CVJ_GPG_PASSPHRASE:-}" ] && gpg_args+=(--pinentry-mode loopback --passphrase-fd 0)
  while IFS= read -r f; do
    gpg "${gpg_args[@]}" --output "$f.asc" "$f" <<<"${CVJ_GPG_PASSPHRASE:-}"
  done < <(find "$out" -type f ! -name '*.asc')
else
  log "CVJ_GPG_KEY is not set: the bundle is not signed"
fi
while IFS= read -r f; do
  md5sum "$f" | cut -d' ' -f1 | tr -d '\n' > "$f.md5"
  sha1sum "$f" | cut -d' ' -f1 | tr -d '\n' > "$f.sha1"
done < <(find "$out" -type f ! -name '*.asc')

# ---------------------------------------------------------------- the checks
problems=0
problem() { printf '[central-bundle] PROBLEM: %s\n' "$*" >&2; problems=$((problems + 1)); }

for f in $(find "$out" -type f ! -name '*.md5' ! -name '*.sha1' ! -name '*.asc'); do
  [ "$(cat "$f.md5")" = "$(md5sum "$f" | cut -d' ' -f1)" ] || problem "bad or missing $f.md5"
  [ "$(cat "$f.sha1")" = "$(sha1sum "$f" | cut -d' ' -f1)" ] || problem "bad or missing $f.sha1"
  if [ -n "${CVJ_GPG_KEY:-}" ]; then
    gpg --batch --verify "$f.asc" "$f" 2>/dev/null || problem "bad or missing signature $f.asc"
  fi
done

for m in "${modules[@]}"; do
  dir=$out/$group_path/$m/$version
  # a module-info, or (cvj-spark: its Spark dependencies cannot be required) an Automatic-Module-Name
  unzip -l "$dir/$m-$version.jar" | grep -c ' module-info\.class$' >/dev/null \
    || unzip -p "$dir/$m-$version.jar" META-INF/MANIFEST.MF | grep -q '^Automatic-Module-Name: dev\.cvj\.' \
    || problem "$m: the jar has no module-info.class and no Automatic-Module-Name"
  unzip -l "$dir/$m-$version-sources.jar" | grep -c '\.java$' >/dev/null || problem "$m: the sources jar has no .java file"
  unzip -l "$dir/$m-$version-javadoc.jar" | grep -c ' index\.html$' >/dev/null || problem "$m: the Javadoc jar has no index.html"
done

# Central's POM requirements: name, description, url, licenses, developers, scm (inherited from the parent
# where a module leaves them out), and coordinates.
python3 - "$out" "$group_path" "$version" "${modules[@]}" <<'PY' || problems=$((problems + 1))
import sys, xml.etree.ElementTree as ET
out, group_path, version, modules = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
def pom(a): return ET.parse(f"{out}/{group_path}/{a}/{version}/{a}-{version}.pom").getroot()
required = ["name", "description", "url", "licenses/m:license/m:name", "developers/m:developer",
            "scm/m:url", "scm/m:connection"]
parent = pom("cvj-parent")
bad = []
for a in ["cvj-parent", "cvj-bom"] + modules:
    p = pom(a)
    inherits = p.find("m:parent/m:artifactId", ns) is not None
    if inherits and p.find("m:parent/m:artifactId", ns).text != "cvj-parent":
        bad.append(f"{a}: its parent is not cvj-parent")
    for e in required:
        own = p.find("m:" + e, ns)
        if own is None and not (inherits and e not in ("name", "description") and parent.find("m:" + e, ns) is not None):
            bad.append(f"{a}: no <{e.replace('m:', '')}>")
    v = p.find("m:version", ns) if p.find("m:version", ns) is not None else p.find("m:parent/m:version", ns)
    if v is None or v.text != version:
        bad.append(f"{a}: version is not {version}")
for b in bad:
    print(f"[central-bundle] PROBLEM: {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY

[ "$problems" = 0 ] || die "$problems problem(s) in $out"
(cd "$out" && zip -qr "$zip_file" .)
log "files: $(find "$out" -type f | wc -l), $(du -h "$zip_file" | cut -f1) zipped: $zip_file"
case "$version" in
  *-SNAPSHOT) log "version $version: the Portal takes a SNAPSHOT only as a snapshot, never as a release" ;;
esac
echo "central bundle OK: ${#modules[@]} modules + cvj-parent + cvj-bom, version $version$([ -n "${CVJ_GPG_KEY:-}" ] && echo ', signed' || echo ', unsigned')"
