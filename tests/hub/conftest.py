import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # hubclass (tests run with --import-mode=importlib)
