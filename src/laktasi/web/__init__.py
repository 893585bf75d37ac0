"""The home-care study web app (``laktasi serve``): Django 5.2, server-rendered templates and htmx."""
