# Cross-Entropy Explorer: one Streamlit server per container.
# Build: docker build -t cross-entropy-explorer .
# Run:   docker run -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET=... cross-entropy-explorer
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# Only what the app runs: no tests, benchmarks or tools in the image.
COPY .streamlit ./.streamlit
COPY app.py ./
COPY app_pages ./app_pages
COPY ui ./ui
COPY xent_core ./xent_core
COPY locales ./locales

RUN useradd --create-home --uid 10001 explorer
USER 10001

EXPOSE 8501
# python:3.11-slim has no curl; Python's own client asks the health endpoint.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).status != 200)"]

CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
