"""``make bench``: the key pages under load at province scale, beside a bare route (``__main__``)."""
