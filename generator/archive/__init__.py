"""The registrar's package: an approved, final response as an E-ARK SIP 2.1.0 information
package (FGS Paketstruktur 2.0) with CITS ERMS case metadata and PREMIS 3 (docs/archiving.md).

The writers here read only `submission.Submission`, plain data the command gathers from the
session, never the YAML sources."""
