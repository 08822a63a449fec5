# zsl: make dataset (the main job on the embedded default data), make test (every test).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
DOTNET ?= dotnet
CONFIG ?= Release
DATA ?= data
DB ?= $(DATA)/zsl.sqlite
SEED ?= 20191
WORDNET ?= /usr/share/wordnet
SHARED ?= $(abspath ../shared/data)
RID ?= $(if $(filter aarch64 arm64,$(shell uname -m)),linux-arm64,linux-x64)
# The reference data beside the checkout replaces downloads when it is there (tests, CI, the default dataset).
ifneq ($(wildcard $(SHARED)),)
export ZSL_MIRROR ?= $(SHARED)
endif

.PHONY: setup setup-system build build-all test dataset bench bench-kge bench-cifar bench-zsl-images train-cnn clean

# System packages the data pipeline reads: WordNet 3.0 from Debian's wordnet-base.
setup-system:
	@if [ ! -f "$(WORDNET)/data.noun" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "setup: installing Debian's wordnet-base (WordNet 3.0)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; \
	  else \
	    echo "setup: WordNet 3.0 is missing from $(WORDNET); run: sudo apt-get install wordnet-base" >&2; exit 1; \
	  fi; \
	fi

setup: setup-system build

# The light CLI (ETL, export, query, benchmark): no TorchSharp. Published ReadyToRun (precompiled) for this
# machine's runtime identifier into artifacts/publish/Zsl.Cli/, where ./zsl runs it.
# Republished only when a source it compiles from changed (a no-op dotnet publish costs several seconds of make dataset).
CLI_DLL := artifacts/publish/Zsl.Cli/$(shell echo $(CONFIG) | tr A-Z a-z)_$(RID)/zsl.dll
CLI_SOURCES := $(shell find cli etl benchmark sql -name '*.cs' -o -name '*.csproj' -o -name '*.sql') \
  Directory.Build.props Directory.Build.targets Directory.Packages.props
$(CLI_DLL): $(CLI_SOURCES)
	$(DOTNET) publish cli/Zsl.Cli/Zsl.Cli.csproj -c $(CONFIG) -r $(RID) -nologo -v quiet
	touch $@
build: $(CLI_DLL)

build-all:
	$(DOTNET) build Zsl.Data.sln -c $(CONFIG) -nologo -v quiet

test: setup
	@mkdir -p artifacts
	@status=0; $(DOTNET) test Zsl.Data.sln -c $(CONFIG) -nologo 2>&1 | tee artifacts/test.log || status=$$?; \
	awk '/^(Passed|Failed)! +- +Failed:/ { gsub(",", ""); f += $$4; p += $$6; s += $$8 } \
	     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test.log; \
	exit $$status

dataset: setup
	./zsl etl wordnet --db $(DB) --source $(WORDNET)
	./zsl etl imagenet --db $(DB) --mirror $(ZSL_MIRROR) --image-counts $(SHARED)/imagenet/fall11-image-counts.tsv
	./zsl etl links --db $(DB) --mirror $(ZSL_MIRROR)
	./zsl etl wikipedia --db $(DB) --dump $(SHARED)/wikipedia/enwiki-sample-pages-articles.xml.bz2
	./zsl wikipedia link --db $(DB) --classes $(SHARED)/imagenet/imagenet21k_wnids.txt --split goz-v1=$(SHARED)/imagenet/goz-v1/test_wnids.txt
	./zsl text count --db $(DB) --corpus wikipedia --wnids $(SHARED)/imagenet/imagenet21k_wnids.txt
	./zsl text count --db $(DB) --corpus brown --input $(SHARED)/corpora/brown --wnids $(SHARED)/imagenet/imagenet21k_wnids.txt
	./zsl text cooccur --db $(DB) --corpus wikipedia
	./zsl text tfidf --db $(DB) --documents articles --out $(DATA)/parquet/tfidf-articles.parquet
	./zsl benchmark stats --db $(DB)
	./zsl benchmark generate --db $(DB) --size 500 --seed $(SEED) --out $(DATA)/split
	./zsl benchmark publish --db $(DB) --split $(DATA)/split --out $(DATA)/zsl-split-500
	./zsl export parquet --db $(DB) --out $(DATA)/parquet

bench: setup
	tools/bench/run.sh

# Full semantic-embedding trainings (WN18RR KGE models, Poincaré): hours on 2 cores, not part of bench.
bench-kge: setup
	tools/bench/long/kge.sh
# The hybrid reversible CNN on CIFAR-10 (the JPEG archive of the reference data) under a 60-minute wall-clock budget,
# timed under the machine's timing lock; writes its section of docs/benchmarks.md. CIFAR_ARCH=resnet: the baseline.
bench-cifar: setup
	tools/bench/cifar.sh
# Zero-shot recognition on Tiny ImageNet: partitions across the structural ratio, a CNN per partition on the seen
# classes only, ESZSL/ConSE/DeViSE/GCN/trivial, table and accuracy-against-R plot (resumable; docs/images.md).
bench-zsl-images: setup
	tools/bench/zsl-images.sh
# The hybrid reversible CNN (chapter 3) on the embedded MNIST digits, then its penultimate features as Parquet.
CNN_EPOCHS ?= 16
CNN_LR ?= 0.15
CNN_WIDTH ?= 2
CNN_THREADS ?= 2
CNN_PRECISE_BN ?= 2000
CNN_SMOOTHING ?= 0
CNN_TEST_EVERY ?= 4
# The training CLI is rebuilt only when a source it compiles from changed (a no-op dotnet build costs ~20 s of the budget).
TRAIN_CLI := artifacts/bin/Zsl.Training.Cli/$(shell echo $(CONFIG) | tr A-Z a-z)/zsl-train.dll
TRAIN_CLI_SOURCES := $(shell find training etl sql -name '*.cs' -o -name '*.csproj' -o -name '*.sql') \
  Directory.Build.props Directory.Build.targets Directory.Packages.props
$(TRAIN_CLI): $(TRAIN_CLI_SOURCES)
	$(DOTNET) build training/Zsl.Training.Cli/Zsl.Training.Cli.csproj -c $(CONFIG) -nologo -v quiet
	touch $@
train-cnn: $(TRAIN_CLI)
	./zsl revnet train --arch hybrid --data mnist --width-divisor $(CNN_WIDTH) --blocks 1 --epochs $(CNN_EPOCHS) --lr $(CNN_LR) --threads $(CNN_THREADS) \
	  --precise-bn $(CNN_PRECISE_BN) --label-smoothing $(CNN_SMOOTHING) --test-every $(CNN_TEST_EVERY) \
	  --checkpoint $(DATA)/revnet/hybrid-mnist.pt
	./zsl revnet features --checkpoint $(DATA)/revnet/hybrid-mnist.pt --out $(DATA)/revnet/hybrid-mnist-test-features.parquet

clean:
	rm -rf artifacts $(DATA)
