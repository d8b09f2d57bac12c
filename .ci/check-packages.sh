#!/usr/bin/env bash
# Packs the library's packages into a temporary folder and checks that each one holds what a consumer
# needs: its assembly and XML docs, the README, licence and repository metadata, release notes, and a
# symbol package whose PDB carries SourceLink. Prints every check; exits non-zero when one fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

packages=(RoApp.QuickBooksSync RoApp.QuickBooksSync.Sqlite RoApp.QuickBooksSync.PostgreSql RoApp.QuickBooksSync.Testing RoApp.QuickBooksSync.AspNetCore RoApp.QuickBooksSync.OpenTelemetry)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for id in "${packages[@]}"; do
  echo "Packing $id"
  dotnet pack "src/$id/$id.csproj" -c Release -o "$out" -nologo -v q -p:TreatWarningsAsErrors=true
done

python3 - "$out" "${packages[@]}" <<'PY'
import glob, os, re, sys, zipfile
import xml.etree.ElementTree as ET

out, ids = sys.argv[1], sys.argv[2:]
failures = 0

def check(ok, what):
    global failures
    print(("  ok    " if ok else "  MISS  ") + what)
    if not ok:
        failures += 1

for pkg_id in ids:
    found = [p for p in glob.glob(os.path.join(out, pkg_id + ".*.nupkg"))
             if re.fullmatch(re.escape(pkg_id) + r"\.\d[^/]*\.nupkg", os.path.basename(p))]
    print(pkg_id)
    check(len(found) == 1, f"one {pkg_id}.<version>.nupkg was produced")
    if len(found) != 1:
        continue
    nupkg = found[0]
    with zipfile.ZipFile(nupkg) as z:
        names = set(z.namelist())
        check(f"lib/net10.0/{pkg_id}.dll" in names, f"lib/net10.0/{pkg_id}.dll")
        check(f"lib/net10.0/{pkg_id}.xml" in names, f"lib/net10.0/{pkg_id}.xml (XML docs)")
        check("README.md" in names, "README.md at the package root")
        nuspec_name = f"{pkg_id}.nuspec"
        check(nuspec_name in names, nuspec_name)
        if nuspec_name not in names:
            continue
        root = ET.fromstring(z.read(nuspec_name))
    ns = {"n": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {"n": ""}
    meta = root.find("n:metadata", ns)
    def text(tag):
        el = meta.find(f"n:{tag}", ns)
        return (el.text or "").strip() if el is not None else ""
    lic = meta.find("n:license", ns)
    check(lic is not None and lic.get("type") == "expression" and (lic.text or "").strip() != "",
          f"licence expression ({lic.text.strip() if lic is not None and lic.text else 'none'})")
    check(text("readme") == "README.md", "nuspec <readme> names README.md")
    repo = meta.find("n:repository", ns)
    check(repo is not None and (repo.get("url") or "").startswith("https://") and repo.get("type") == "git",
          f"repository metadata ({repo.get('url') if repo is not None else 'none'})")
    check(repo is not None and re.fullmatch(r"[0-9a-f]{40}", repo.get("commit") or "") is not None,
          "repository commit (SourceLink knows the revision)")
    check(text("projectUrl").startswith("https://"), f"project URL ({text('projectUrl') or 'none'})")
    check(text("description") != "", "description")
    check(len(text("releaseNotes")) > 20, "release notes from CHANGELOG.md")

    snupkg = nupkg[:-len(".nupkg")] + ".snupkg"
    check(os.path.exists(snupkg), os.path.basename(snupkg) + " (symbols)")
    if os.path.exists(snupkg):
        with zipfile.ZipFile(snupkg) as z:
            pdb = f"lib/net10.0/{pkg_id}.pdb"
            check(pdb in z.namelist(), pdb)
            if pdb in z.namelist():
                # The SourceLink map is stored as plain JSON inside the portable PDB.
                check(b'"documents"' in z.read(pdb), "SourceLink map in the PDB")

print(f"{len(ids)} packages checked, {failures} missing")
sys.exit(1 if failures else 0)
PY
