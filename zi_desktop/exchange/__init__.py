"""What crosses the folder boundary (hostile on input): workbooks, PortalRB JSON, bundles, links CSV."""
